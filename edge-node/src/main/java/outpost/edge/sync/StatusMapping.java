package outpost.edge.sync;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import outpost.common.error.ErrorCode;
import outpost.common.error.ErrorTrailer;
import outpost.common.error.OutpostException;

/**
 * Maps gRPC statuses from a hub to the error codes of docs/rest-api.md (the boundary). A hub names the code in
 * the {@value ErrorTrailer#KEY} trailer; a hub of the previous version only starts the status text with
 * "CODE: ", which is read when the trailer is absent.
 */
final class StatusMapping {
  private static final Pattern DEADLINE = Pattern.compile("deadline exceeded after ([0-9]+(?:\\.[0-9]+)?)s");
  static final Metadata.Key<String> CODE = Metadata.Key.of(ErrorTrailer.KEY, Metadata.ASCII_STRING_MARSHALLER);

  private StatusMapping() {}

  static OutpostException from(Throwable t) {
    if (t instanceof OutpostException oe) {
      return oe;
    }
    Status status = Status.fromThrowable(t);
    String description = status.getDescription() == null ? "" : status.getDescription();
    Metadata trailers = Status.trailersFromThrowable(t);
    String named = trailers == null ? null : trailers.get(CODE);
    ErrorCode code = named != null ? ErrorCode.parse(named) : switch (status.getCode()) {
      case UNAVAILABLE -> description.startsWith("INTERNAL_ERROR") ? ErrorCode.INTERNAL_ERROR
          : ErrorCode.CONNECTION_ERROR;
      case UNAUTHENTICATED -> ErrorCode.AUTH_ERROR;
      case PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED;
      case FAILED_PRECONDITION -> description.startsWith("VERSION_INCOMPATIBLE")
          ? ErrorCode.VERSION_INCOMPATIBLE : ErrorCode.parse(prefix(description));
      case DEADLINE_EXCEEDED -> ErrorCode.TIMEOUT;
      case UNIMPLEMENTED -> ErrorCode.VERSION_INCOMPATIBLE;
      case CANCELLED -> ErrorCode.CONNECTION_ERROR;
      case RESOURCE_EXHAUSTED -> ErrorCode.REJECTED; // a message over a maximum size: retrying cannot help
      default -> ErrorCode.parse(prefix(description));
    };
    // People read this message next to its code: the code is not repeated in it, and a transport's bare words
    // ("io exception") come after the code's own sentence, not instead of it.
    String detail = description.replaceFirst("^" + code.name() + ":\\s*", "");
    String message = detail.isEmpty() ? code.message()
        : code == ErrorCode.CONNECTION_ERROR || code == ErrorCode.TIMEOUT
            ? code.message().replaceFirst("\\.$", "") + " (" + transportWords(detail) + ")" : detail;
    if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
      message = message + " (a message was larger than a maxMessageBytes limit: raise it on the hub and the"
          + " edge, or make the record smaller)";
    }
    return new OutpostException(code, message, t instanceof StatusRuntimeException ? null : t);
  }

  /**
   * The transport's description cut to what a person can use: its first sentence, and a gRPC deadline as how long
   * there was no answer. The rest (name resolution delays, the channel's internal connection lists) stays in the log.
   */
  static String transportWords(String detail) {
    Matcher deadline = DEADLINE.matcher(detail);
    if (deadline.find()) {
      return "no answer for " + Math.max(1, Math.round(Double.parseDouble(deadline.group(1)))) + " s";
    }
    String first = detail.split("\\. |\\s\\[", 2)[0].trim();
    return first.isEmpty() ? detail : first.replaceFirst("\\.$", "");
  }

  private static String prefix(String description) {
    int colon = description.indexOf(':');
    return colon > 0 ? description.substring(0, colon) : "INTERNAL_ERROR";
  }
}
