package outpost.common.error;

/**
 * The name of the gRPC trailer that carries an {@link ErrorCode} from the hub to the edge. A name only: the
 * modules that speak gRPC build their {@code Metadata.Key} from it, and this module stays free of gRPC.
 */
public final class ErrorTrailer {
  /** Lower case, as gRPC metadata keys must be; the value is the code's {@link ErrorCode#name()}. */
  public static final String KEY = "outpost-error-code";

  private ErrorTrailer() {}
}
