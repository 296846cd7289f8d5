package outpost.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import outpost.common.error.OutpostException;

/**
 * The input grammar (docs/input.md): RFC 8259 JSON and nothing more (no comments, single quotes, NaN or
 * Infinity, leading zeros, trailing commas or trailing characters), UTF-8 without invalid bytes, no lone
 * surrogate escapes, no repeated key in an object, at most {@link #MAX_DEPTH} levels of nesting, at most
 * {@link #MAX_BYTES} bytes, numbers of at most {@link #MAX_NUMBER_CHARS} characters whose decimal exponent is
 * within {@link #MAX_EXPONENT}. The parser enforces the rules as it reads, so no text can hide a violation from
 * them. A refusal is a BAD_REQUEST whose message names the rule (and where it was broken).
 */
public final class StrictJson {
  public static final int MAX_DEPTH = 64;
  /** A document larger than the default gRPC message (8 MiB) could never travel between nodes anyway. */
  public static final int MAX_BYTES = 8 * 1024 * 1024;
  public static final int MAX_NUMBER_CHARS = 1000;
  /**
   * Bounds the scale of a BigDecimal: 1e999999999 is 12 characters, but turning it into an integer (as a
   * careless {@code getLong} would) allocates a billion digits.
   */
  public static final int MAX_EXPONENT = 1000;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(MAX_NUMBER_CHARS).maxStringLength(MAX_BYTES).maxDocumentLength(MAX_BYTES).build())
      .build();

  private static final JsonTree.Checks CHECKS = new JsonTree.Checks() {
    @Override
    public void text(String value, JsonParser p) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw refused(String.format("a lone surrogate \\u%04x is not a character", (int) c), p.currentLocation());
        }
      }
    }

    @Override
    public void decimal(BigDecimal value, JsonParser p) {
      long exponent = (long) value.precision() - value.scale() - 1;
      if (value.signum() != 0 && Math.abs(exponent) > MAX_EXPONENT) {
        throw refused("a number's exponent must be within -" + MAX_EXPONENT + " and " + MAX_EXPONENT,
            p.currentLocation());
      }
    }
  };

  private StrictJson() {}

  /** The body as a JSON object, or a BAD_REQUEST naming the broken rule. */
  public static JsonObject object(Buffer utf8) {
    return object(utf8 == null ? new byte[0] : utf8.getBytes());
  }

  public static JsonObject object(byte[] utf8) {
    Object value = value(utf8);
    if (!(value instanceof JsonObject object)) {
      throw OutpostException.badRequest("the JSON value must be an object");
    }
    return object;
  }

  /** Any JSON value (object, array, string, number, true, false or null) under the grammar's rules. */
  public static Object value(byte[] utf8) {
    if (utf8.length == 0) {
      throw OutpostException.badRequest("a JSON value is required, the input is empty");
    }
    if (utf8.length > MAX_BYTES) {
      throw OutpostException.badRequest("JSON larger than " + MAX_BYTES + " bytes");
    }
    String text;
    try {
      // Java's decoder refuses what Jackson lets through: overlong forms and encoded surrogates.
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
    } catch (CharacterCodingException e) {
      throw OutpostException.badRequest("the JSON is not valid UTF-8");
    }
    return value(text);
  }

  /** Text already decoded (a test, or a caller holding a String); the same rules apply. */
  public static Object value(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        throw OutpostException.badRequest("a JSON value is required, the input is only white space");
      }
      Object value = JsonTree.value(p, CHECKS);
      JsonToken after;
      try {
        after = p.nextToken();
      } catch (JsonProcessingException e) {
        String rule = rule(e.getOriginalMessage());
        throw refused(rule.startsWith("malformed") ? "characters after the JSON value are not allowed" : rule,
            e.getLocation());
      }
      if (after != null) {
        throw refused("characters after the JSON value are not allowed", p.currentLocation());
      }
      return value;
    } catch (StreamConstraintsException e) {
      throw OutpostException.badRequest(constraint(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw refused(rule(e.getOriginalMessage()), e.getLocation());
    } catch (IOException e) {
      throw OutpostException.badRequest("malformed JSON: " + e.getMessage());
    }
  }

  private static String constraint(String message) {
    String m = message == null ? "" : message;
    if (m.contains("nesting depth")) {
      return "JSON nested deeper than " + MAX_DEPTH + " levels";
    }
    if (m.contains("Number value length") || m.contains("Number length")) {
      return "a number longer than " + MAX_NUMBER_CHARS + " characters";
    }
    return "JSON larger than " + MAX_BYTES + " bytes";
  }

  /** Jackson's message for a broken rule, as the rule's name in docs/input.md. */
  static String rule(String message) {
    String m = message == null ? "" : message;
    if (m.startsWith("Duplicate field '")) {
      return "duplicate key '" + m.substring("Duplicate field '".length(), m.lastIndexOf('\'')) + "'";
    }
    if (m.contains("ALLOW_COMMENTS") || m.contains("ALLOW_YAML_COMMENTS")) {
      return "comments are not allowed";
    }
    if (m.contains("ALLOW_TRAILING_COMMA") || m.contains("('}' (code 125)): was expecting double-quote")
        || m.contains("(']' (code 93)): expected a")) {
      return "trailing commas are not allowed";
    }
    if (m.contains("ALLOW_SINGLE_QUOTES") || m.contains("(''' (code 39))")) {
      return "strings and keys must be in double quotes";
    }
    if (m.contains("ALLOW_UNQUOTED_FIELD_NAMES") || m.contains("double-quote to start field name")) {
      return "keys must be strings in double quotes";
    }
    if (m.contains("ALLOW_NON_NUMERIC_NUMBERS") || m.contains("'NaN'") || m.contains("Infinity")) {
      return "NaN and Infinity are not JSON numbers";
    }
    if (m.contains("Leading zeroes") || m.contains("ALLOW_LEADING_ZEROS")) {
      return "numbers must not have leading zeros";
    }
    if (m.contains("ALLOW_UNESCAPED_CONTROL_CHARS") || m.contains("Illegal unquoted character")) {
      return "control characters in strings must be escaped";
    }
    if (m.contains("end-of-input")) {
      return "the JSON ends before its value is complete";
    }
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    return "malformed JSON: " + (line.length() > 200 ? line.substring(0, 200) : line);
  }

  private static OutpostException refused(String rule, JsonLocation at) {
    if (at == null || at.getLineNr() < 0) {
      return OutpostException.badRequest(rule);
    }
    return OutpostException.badRequest(rule + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
  }
}
