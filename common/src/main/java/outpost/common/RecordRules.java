package outpost.common;

import outpost.common.error.OutpostException;

/**
 * The rules for collection names and record ids, the same on the edge and the hub (docs/input.md), checked
 * before anything is stored: what one side accepts, the other can hold.
 */
public final class RecordRules {
  public static final int MAX_ID_LENGTH = 256;
  public static final int MAX_COLLECTION_LENGTH = 64;
  static final String COLLECTION_RULE = "collection name must be 1-" + MAX_COLLECTION_LENGTH
      + " letters, digits, '_', '.' or '-' (not starting with '.' or '-')";

  public static final String SITE_RULE = "a site id must be 1-64 letters, digits, '_', '.' or '-'";

  private RecordRules() {}

  /** A site id as the hub registers them (the owner of a site-scoped record). */
  public static boolean isSiteId(String site) {
    if (site == null || site.isEmpty() || site.length() > 64) {
      return false;
    }
    for (int i = 0; i < site.length(); i++) {
      char c = site.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  public static void collection(String name) {
    if (!isCollectionName(name)) {
      throw OutpostException.badRequest(COLLECTION_RULE);
    }
  }

  /**
   * 1-64 of {@code [A-Za-z0-9_.-]}, not starting with '.' or '-'. A loop, not a regex: it runs on the writer thread
   * for every write, where a matcher per call was a twentieth of all allocation.
   */
  public static boolean isCollectionName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_COLLECTION_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean word = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
      if (!word && (i == 0 || c != '.' && c != '-')) {
        return false;
      }
    }
    return true;
  }

  /** The collection rule's message when {@code name} breaks it, else null. */
  public static String collectionProblem(String name) {
    return isCollectionName(name) ? null : COLLECTION_RULE;
  }

  public static void id(String id) {
    String problem = idProblem(id);
    if (problem != null) {
      throw OutpostException.badRequest(problem);
    }
  }

  /**
   * Why {@code id} is not a record id, or null: 1-256 characters, no control character (a NUL cannot be stored
   * in a PostgreSQL text column), no lone surrogate (it has no UTF-8 form), not '.' or '..' (a URL path would
   * resolve them away).
   */
  public static String idProblem(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return "id must be 1-" + MAX_ID_LENGTH + " characters";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(id, i)) {
        return "id must not contain control characters or broken Unicode";
      }
    }
    if (id.equals(".") || id.equals("..")) {
      return "id must not be '.' or '..'";
    }
    return null;
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
