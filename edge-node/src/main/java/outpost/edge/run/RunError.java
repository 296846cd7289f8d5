package outpost.edge.run;

import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** An error a hub or a step ended with: its code, message and the code's hint. */
public record RunError(ErrorCode code, String message, String hint) {

  public static RunError of(OutpostException e) {
    return new RunError(e.code(), e.getMessage(), e.code().hint());
  }

  /** Whether the hub could not be reached: the reconnect trigger watches for it to answer again. */
  public boolean connection() {
    return code == ErrorCode.CONNECTION_ERROR || code == ErrorCode.TIMEOUT;
  }

  /** "CODE: message", for logs and retry reasons; the code once, also when the message already starts with it. */
  public String summary() {
    String prefix = code.name() + ": ";
    return message != null && message.startsWith(prefix) ? message : prefix + message;
  }
}
