package outpost.system.input;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import outpost.common.PathSegments;
import outpost.common.RecordKey;

/** Generators of /api/records paths (raw, as a client may send them) and their decoding. */
final class RecordPaths {
  static final String PREFIX = "/api/records/";

  private RecordPaths() {}

  /** A raw path segment: plain, any text percent-encoded, or an odd escape, dot or length. */
  static Arbitrary<String> segments(Arbitrary<String> plain) {
    return Arbitraries.frequencyOf(
        Tuple.of(6, plain),
        Tuple.of(2, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10).map(RecordPaths::encode)),
        Tuple.of(2, Arbitraries.of("%zz", "a%zz", "%", "a%4", ".", "..", "%2e", "%2E%2e", "%00", "a%01b", "%7F", "%C3",
            "%ED%A0%80", "%C0%AF", "a%2Fb", "%20", "x".repeat(3000), "y".repeat(256), "z".repeat(257), "a%3Fb",
            "%F0%9F%98%80")));
  }

  static Arbitrary<String> collections() {
    return segments(Arbitraries.of("notes", "patients", "items", "n2", "-x", "_y"));
  }

  static Arbitrary<String> ids() {
    return segments(Arbitraries.strings().alpha().numeric().withChars("-_.~").ofMinLength(1).ofMaxLength(6));
  }

  /** Every byte but the unreserved ones as %XX, from the text's UTF-8 (a lone surrogate becomes '?'). */
  static String encode(String text) {
    StringBuilder b = new StringBuilder();
    for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-_.~".indexOf(c) >= 0)) {
        b.append(c);
      } else {
        b.append('%').append(String.format("%02X", x & 0xff));
      }
    }
    return b.toString();
  }

  /** The record a raw path addresses, or null when it is not /api/records/C/ID with decodable segments. */
  static RecordKey key(String rawPath) {
    if (!rawPath.startsWith(PREFIX) || rawPath.indexOf('?') >= 0) {
      return null;
    }
    String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
    if (parts.length != 2) {
      return null;
    }
    String collection = decode(parts[0]);
    String id = decode(parts[1]);
    return collection == null || id == null || collection.isEmpty() || id.isEmpty() ? null
        : new RecordKey(collection, id);
  }

  static String decode(String segment) {
    return PathSegments.decode(segment);
  }
}
