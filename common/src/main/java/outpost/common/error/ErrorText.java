package outpost.common.error;

import java.util.regex.Pattern;

/**
 * An error as people read it, in one shape everywhere: {@code CODE: Message. Hint.} The code appears once (a
 * message that already starts with it, as gRPC descriptions do, loses the copy) and the hint defaults to the
 * code's. The web views use the same shape (common.js {@code errorSentence}).
 */
public final class ErrorText {
  private static final Pattern CODE_PREFIX = Pattern.compile("^(?:[A-Z][A-Z_]{2,}:\\s*)+");

  private ErrorText() {}

  public static String of(String code, String message, String hint) {
    ErrorCode known = ErrorCode.parse(code);
    String name = code == null || code.isBlank() ? known.name() : code;
    String text = message == null ? "" : CODE_PREFIX.matcher(message.strip()).replaceFirst("");
    if (text.isEmpty()) {
      text = known.message();
    }
    String h = hint == null || hint.isBlank() ? known.hint() : hint.strip();
    return name + ": " + sentence(text) + " " + sentence(h);
  }

  /** Capitalised and ending with a full stop (messages from code are often lower-case fragments). */
  static String sentence(String s) {
    String t = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    char last = t.charAt(t.length() - 1);
    return last == '.' || last == '!' || last == '?' ? t : t + ".";
  }
}
