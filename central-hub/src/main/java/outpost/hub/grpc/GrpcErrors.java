package outpost.hub.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import outpost.common.error.ErrorCode;
import outpost.common.error.ErrorTrailer;
import outpost.common.error.OutpostException;

/**
 * The hub's one mapping from an {@link ErrorCode} to a gRPC status. The code travels in the
 * {@value ErrorTrailer#KEY} trailer, which edges read; the description still starts with "CODE: " for people
 * reading logs and run records, and for edges of the previous version, which parse it.
 */
public final class GrpcErrors {
  /** The trailer that carries the error code's name. */
  public static final Metadata.Key<String> CODE = Metadata.Key.of(ErrorTrailer.KEY, Metadata.ASCII_STRING_MARSHALLER);

  private GrpcErrors() {}

  /** The error for a code and a message, with the code in its trailers. */
  public static StatusRuntimeException exception(ErrorCode code, String message) {
    return status(code).withDescription(code.name() + ": " + message).asRuntimeException(trailers(code));
  }

  /** The error for a failure inside the hub (a store call), with its code in the trailers. */
  public static StatusRuntimeException toException(Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return exception(codeOf(failure), message);
  }

  /** Trailers that carry {@code code}. */
  public static Metadata trailers(ErrorCode code) {
    Metadata trailers = new Metadata();
    trailers.put(CODE, code.name());
    return trailers;
  }

  private static Status status(ErrorCode code) {
    return switch (code) {
      case CONNECTION_ERROR -> Status.UNAVAILABLE;
      case TIMEOUT -> Status.DEADLINE_EXCEEDED;
      case BAD_REQUEST, REJECTED -> Status.INVALID_ARGUMENT;
      case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
      case AUTH_ERROR -> Status.UNAUTHENTICATED;
      case VERSION_INCOMPATIBLE -> Status.FAILED_PRECONDITION;
      default -> Status.INTERNAL;
    };
  }

  public static ErrorCode codeOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof OutpostException e) {
        return e.code();
      }
      if (t instanceof ConnectException || t.getClass().getName().contains("ClosedConnection")
          || t.getClass().getName().endsWith("ConnectTimeoutException")) {
        return ErrorCode.CONNECTION_ERROR;
      }
    }
    return ErrorCode.INTERNAL_ERROR;
  }
}
