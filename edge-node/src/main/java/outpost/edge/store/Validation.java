package outpost.edge.store;

import java.util.regex.Pattern;
import outpost.common.error.OutpostException;

/** Checks of names and ids that reach the store from outside. */
public final class Validation {
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
  public static final int MAX_ID_LENGTH = 256;

  private Validation() {}

  public static void collection(String name) {
    if (name == null || !COLLECTION.matcher(name).matches()) {
      throw OutpostException.badRequest("collection name must be 1-64 letters, digits, '_', '.' or '-' "
          + "(not starting with '.' or '-')");
    }
  }

  public static void id(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw OutpostException.badRequest("id must be 1-" + MAX_ID_LENGTH + " characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(id, i)) {
        throw OutpostException.badRequest("id must not contain control characters or broken Unicode");
      }
    }
    if (id.equals(".") || id.equals("..")) {
      throw OutpostException.badRequest("id must not be '.' or '..'");
    }
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
