package outpost.common.error;

/** The one unchecked exception of Outpost: an error code, a message for people, and whether a retry may help. */
public class OutpostException extends RuntimeException {
  private final ErrorCode code;
  private final String hint;

  public OutpostException(ErrorCode code, String message) {
    this(code, message, (Throwable) null);
  }

  public OutpostException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.hint = null;
  }

  private OutpostException(ErrorCode code, String message, String hint) {
    super(message);
    this.code = code;
    this.hint = hint;
  }

  /** An error whose hint for people fits this case better than the code's general one. */
  public static OutpostException withHint(ErrorCode code, String message, String hint) {
    return new OutpostException(code, message, hint);
  }

  /** What a person can do about it: this error's own hint, else its code's. */
  public String hint() {
    return hint != null ? hint : code.hint();
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
