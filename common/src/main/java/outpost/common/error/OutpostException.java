package outpost.common.error;

/** The one unchecked exception of Outpost: an error code, a message for people, and whether a retry may help. */
public class OutpostException extends RuntimeException {
  private final ErrorCode code;

  public OutpostException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public OutpostException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public boolean retriable() {
    return code.retriable();
  }

  public static OutpostException badRequest(String message) {
    return new OutpostException(ErrorCode.BAD_REQUEST, message);
  }
}
