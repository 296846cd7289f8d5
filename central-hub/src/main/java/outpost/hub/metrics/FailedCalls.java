package outpost.hub.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import outpost.common.error.ErrorCode;

/**
 * Counts the sync calls the hub ends with an error, by rpc and error code. Installed outermost, so it
 * sees the refusals of the authentication interceptor ({@code AUTH_ERROR}, {@code VERSION_INCOMPATIBLE})
 * as well as the failures of the calls themselves. The code is taken from the status description, which
 * the hub always starts with it; only names of {@link ErrorCode} become label values, so the label set
 * stays bounded whatever a description says.
 */
final class FailedCalls implements ServerInterceptor {
  private static final Pattern CODE = Pattern.compile("^([A-Z_]+):");
  private final MeterRegistry registry;

  FailedCalls(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    String rpc = call.getMethodDescriptor().getBareMethodName();
    return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        if (!status.isOk()) {
          Counter.builder("outpost.hub.calls.failed").description("Sync calls the hub ended with an error, by code")
              .tag("rpc", rpc == null ? "unknown" : rpc).tag("code", code(status)).register(registry).increment();
        }
        super.close(status, trailers);
      }
    }, headers);
  }

  static String code(Status status) {
    if (status.getDescription() != null) {
      Matcher m = CODE.matcher(status.getDescription());
      if (m.find()) {
        for (ErrorCode c : ErrorCode.values()) {
          if (c.name().equals(m.group(1))) {
            return c.name();
          }
        }
      }
    }
    return switch (status.getCode()) {
      case UNAVAILABLE, CANCELLED -> ErrorCode.CONNECTION_ERROR.name();
      case DEADLINE_EXCEEDED -> ErrorCode.TIMEOUT.name();
      case UNAUTHENTICATED -> ErrorCode.AUTH_ERROR.name();
      case PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED.name();
      case INVALID_ARGUMENT -> ErrorCode.BAD_REQUEST.name();
      case FAILED_PRECONDITION -> ErrorCode.VERSION_INCOMPATIBLE.name();
      default -> ErrorCode.INTERNAL_ERROR.name();
    };
  }
}
