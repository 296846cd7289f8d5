package outpost.system.input;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of JSON text, mostly valid, with what careless or hostile clients send: numbers of every odd
 * form, keys repeated, escapes of lone surrogates and control characters, raw Unicode, deep nesting, comments,
 * trailing garbage, bytes that are not UTF-8.
 */
final class JsonTexts {
  private JsonTexts() {}

  static Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.of("0", "-0", "-0.0", "1e400", "-1E+400", "1e-400", "123456789012345678901234567890",
            "0.1000000000000000000001", "1e1000", "1e1001", "1.5e-1001", "01", "+1", ".5", "1.", "NaN", "Infinity",
            "-Infinity", "0x10", "1_000", "9".repeat(1000), "9".repeat(1001)),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.bigDecimals().map(d -> d.toString()),
        Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30))
            .map(String::valueOf));
  }

  /** Strings of any characters, surrogate halves and controls included, quoted the way a client might. */
  static Arbitrary<String> strings() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(12);
    return Arbitraries.oneOf(text.map(JsonTexts::quote), text.map(JsonTexts::quote),
        Arbitraries.of("\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"a\u0001b\"",
            "\"\\x41\"", "'single'", "\"unterminated", "\"\\/\"", "\"" + "x".repeat(5000) + "\""));
  }

  static Arbitrary<String> values(int depth) {
    Arbitrary<String> leaf = Arbitraries.oneOf(numbers(), strings(), Arbitraries.of("true", "false", "null", "nul",
        "True"));
    if (depth <= 0) {
      return leaf;
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, leaf),
        net.jqwik.api.Tuple.of(1, objects(depth - 1)),
        net.jqwik.api.Tuple.of(1, values(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")));
  }

  /** A JSON object, sometimes with a key repeated. */
  static Arbitrary<String> objects(int depth) {
    Arbitrary<String> key = Arbitraries.oneOf(strings(), Arbitraries.of("\"a\"", "\"b\"", "\"\"", "a"));
    Arbitrary<String> member = Combinators.combine(key, Arbitraries.lazy(() -> values(depth))).as((k, v) -> k + ":" + v);
    return member.list().ofMaxSize(5).map(l -> "{" + String.join(",", l) + "}");
  }

  /** A record body: an object as above, or one wrapped around a deep array, or one with garbage added. */
  static Arbitrary<String> records() {
    Arbitrary<String> nested = Arbitraries.of(1, 62, 63, 64, 65, 999)
        .map(n -> "{\"a\":" + "[".repeat(n) + "]".repeat(n) + "}");
    Arbitrary<String> hidden = Arbitraries.of(999).map(n -> "{\"a\":/*\"*/" + "[".repeat(n) + "]".repeat(n) + "/*\"*/}");
    Arbitrary<String> decorated = Combinators.combine(objects(3),
        Arbitraries.of("", "", "", " ", "\n", "//c", "/*c*/", "}", "{}", ",", " x", "\u0000", "#c"),
        Arbitraries.of("", "", "", "\uFEFF", " ", "/*c*/")).as((o, after, before) -> before + o + after);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, objects(3)), net.jqwik.api.Tuple.of(3, decorated),
        net.jqwik.api.Tuple.of(1, nested), net.jqwik.api.Tuple.of(1, hidden),
        net.jqwik.api.Tuple.of(1, values(2)));
  }

  /** Body bytes: a record's text as UTF-8, or arbitrary bytes, or an empty body. */
  static Arbitrary<byte[]> bodies(Arbitrary<String> texts) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, texts.map(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
        net.jqwik.api.Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new byte[0])),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(List.of(
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'}))));
  }

  /** JSON string syntax for {@code s}: quotes, backslashes and controls escaped, lone surrogates as escapes. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c) && !pair && !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1))
          && Character.isLowSurrogate(c))) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
