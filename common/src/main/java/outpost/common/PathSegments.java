package outpost.common;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import outpost.common.error.OutpostException;

/**
 * Checks of a raw request path before a router decodes it, the same on both nodes (docs/input.md): a bad
 * percent escape, anywhere, would make the router's decoder throw (a 500), bytes that are not UTF-8 would be decoded to
 * U+FFFD (a record stored under an id the client never sent), and "." or ".." segments are resolved away before
 * matching (the request would silently address something else).
 */
public final class PathSegments {
  private PathSegments() {}

  /**
   * Throws BAD_REQUEST when the raw path or query has a bad percent escape (the router's and the query's
   * decoders throw on it: a 500) or an escaped control character, or when a path under /api/records/ cannot
   * address a record.
   */
  public static void checkRequest(String rawPath, String rawQuery) {
    String problem = null;
    byte[] path = rawPath.indexOf('%') >= 0 ? percentDecode(rawPath) : null;
    if (rawPath.indexOf('%') >= 0 && path == null) {
      problem = "the path has a '%' not followed by two hex digits";
    } else if (path != null && hasControl(path)) {
      // No id, collection or site id may hold one; a NUL would reach PostgreSQL and fail there.
      problem = "the path must not contain control characters";
    } else if (rawPath.startsWith("/api/records/")) {
      problem = problem(rawPath);
    }
    if (problem == null && rawQuery != null && rawQuery.indexOf('%') >= 0) {
      byte[] query = percentDecode(rawQuery);
      if (query == null) {
        problem = "the query has a '%' not followed by two hex digits";
      } else if (hasControl(query)) {
        problem = "the query must not contain control characters";
      }
    }
    if (problem != null) {
      throw OutpostException.badRequest(problem);
    }
  }

  /** Why the raw path cannot address a record, or null. */
  public static String problem(String rawPath) {
    for (String segment : rawPath.split("/")) {
      if (segment.indexOf('%') >= 0) {
        byte[] bytes = percentDecode(segment);
        if (bytes == null) {
          return "the path has a '%' not followed by two hex digits";
        }
        segment = utf8(bytes);
        if (segment == null) {
          return "the path is not valid UTF-8 once percent-decoded";
        }
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "collection and id must not be '.' or '..'";
      }
    }
    return null;
  }

  /** A raw segment percent-decoded as UTF-8, or null when an escape is bad or the bytes are not UTF-8. */
  public static String decode(String segment) {
    byte[] bytes = percentDecode(segment);
    return bytes == null ? null : utf8(bytes);
  }

  private static boolean hasControl(byte[] bytes) {
    for (byte b : bytes) {
      if (b >= 0 && b < 0x20 || b == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private static byte[] percentDecode(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length() || Character.digit(segment.charAt(i + 1), 16) < 0
            || Character.digit(segment.charAt(i + 2), 16) < 0) {
          return null;
        }
        bytes.write(Integer.parseInt(segment, i + 1, i + 3, 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
