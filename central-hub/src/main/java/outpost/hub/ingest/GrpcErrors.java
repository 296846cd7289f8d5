package outpost.hub.ingest;

import io.grpc.Status;
import java.net.ConnectException;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** Maps a store failure to a gRPC status whose description starts with the error code name. */
final class GrpcErrors {
  private GrpcErrors() {}

  static Status toStatus(Throwable failure) {
    ErrorCode code = codeOf(failure);
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    Status status = switch (code) {
      case CONNECTION_ERROR -> Status.UNAVAILABLE;
      case TIMEOUT -> Status.DEADLINE_EXCEEDED;
      case BAD_REQUEST, REJECTED -> Status.INVALID_ARGUMENT;
      case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
      case AUTH_ERROR -> Status.UNAUTHENTICATED;
      default -> Status.INTERNAL;
    };
    return status.withDescription(code.name() + ": " + message);
  }

  static ErrorCode codeOf(Throwable failure) {
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
