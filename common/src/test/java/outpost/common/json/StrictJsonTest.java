package outpost.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

class StrictJsonTest {
  static String refusal(String text) {
    OutpostException e = assertThrows(OutpostException.class,
        () -> StrictJson.object(text.getBytes(StandardCharsets.UTF_8)), text);
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    return e.getMessage();
  }

  static String nested(int levels) {
    return "[".repeat(levels) + "]".repeat(levels);
  }

  @Test
  void depthHiddenBehindCommentsIsRefusedByTheParserItself() {
    String hidden = "{\"a\":/*\"*/" + nested(999) + "/*\"*/}";
    String message = refusal(hidden);
    assertTrue(message.startsWith("comments are not allowed"), message);
    assertTrue(refusal("{\"a\":" + nested(999) + "}").startsWith("JSON nested deeper than 64 levels"));
    assertTrue(refusal("{\"a\":" + nested(64) + "}").startsWith("JSON nested deeper than 64 levels"));
    assertEquals(1, StrictJson.object(("{\"a\":" + nested(63) + "}").getBytes(StandardCharsets.UTF_8)).size());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "{\"a\":1} // c                | comments are not allowed",
      "{\"a\":1}{}                   | characters after the JSON value are not allowed",
      "{\"a\":1} x                   | characters after the JSON value are not allowed",
      "{'a':1}                       | strings and keys must be in double quotes",
      "{a:1}                         | keys must be strings in double quotes",
      "{\"a\":NaN}                   | NaN and Infinity are not JSON numbers",
      "{\"a\":-Infinity}             | NaN and Infinity are not JSON numbers",
      "{\"a\":01}                    | numbers must not have leading zeros",
      "{\"a\":1,\"a\":2}             | duplicate key 'a'",
      "{\"o\":{\"k\":1,\"k\":1}}     | duplicate key 'k'",
      "{\"a\":1,}                    | trailing commas are not allowed",
      "{\"a\":[1,]}                  | trailing commas are not allowed",
      "{\"a\":\"\\ud800\"}           | a lone surrogate \\ud800 is not a character",
      "{\"\\udc00x\":1}              | a lone surrogate \\udc00 is not a character",
      "{\"a\":1e1001}                | a number's exponent must be within -1000 and 1000",
      "{\"a\":1e-1001}               | a number's exponent must be within -1000 and 1000",
      "{\"a\":                       | the JSON ends before its value is complete",
      "[1]                           | the JSON value must be an object",
      "{\"a\":'x'}                 | strings and keys must be in double quotes",
      "'                             | strings and keys must be in double quotes",
      "tru                           | malformed JSON"})
  void eachRefusalNamesItsRule(String text, String rule) {
    String message = refusal(text);
    assertTrue(message.startsWith(rule), message);
  }

  @Test
  void controlCharactersMustBeEscapedAndInvalidUtf8IsRefused() {
    assertTrue(refusal("{\"a\":\"x\u0001\"}").startsWith("control characters in strings must be escaped"));
    byte[] latin1 = "{\"a\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("the JSON is not valid UTF-8", assertThrows(OutpostException.class, () -> StrictJson.object(latin1))
        .getMessage());
    byte[] encodedSurrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    assertThrows(OutpostException.class, () -> StrictJson.object(encodedSurrogate));
    byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    assertThrows(OutpostException.class, () -> StrictJson.object(overlong));
    assertEquals("\uD83D\uDE00", StrictJson.object("{\"a\":\"\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8))
        .getString("a"), "a surrogate pair is one character");
  }

  @Test
  void sizeAndNumberLengthAreBounded() {
    assertTrue(refusal("").startsWith("a JSON value is required"));
    assertTrue(refusal(" \n").startsWith("a JSON value is required"));
    byte[] big = new byte[StrictJson.MAX_BYTES + 1];
    assertTrue(assertThrows(OutpostException.class, () -> StrictJson.object(big)).getMessage()
        .startsWith("JSON larger than"));
    assertTrue(refusal("{\"a\":" + "9".repeat(1001) + "}").startsWith("a number longer than 1000 characters"));
  }

  @Test
  void numbersKeepTheirExactValueThroughARoundTrip() {
    String text = "{\"big\":1e400,\"int\":123456789012345678901234567890,\"frac\":0.1000000000000000000001,"
        + "\"tiny\":1e-400,\"plain\":2.5,\"small\":7,\"neg\":-0.0,\"list\":[1e400,3]}";
    JsonObject parsed = StrictJson.object(text.getBytes(StandardCharsets.UTF_8));
    assertEquals(new BigDecimal("1e400"), parsed.getValue("big"));
    assertEquals(new BigInteger("123456789012345678901234567890"), parsed.getValue("int"));
    assertEquals(new BigDecimal("0.1000000000000000000001"), parsed.getValue("frac"));
    assertEquals(2.5, parsed.getValue("plain"), "a decimal a double holds stays a double");
    assertEquals(7, parsed.getValue("small"));
    String encoded = parsed.encode();
    JsonObject again = StrictJson.object(encoded.getBytes(StandardCharsets.UTF_8));
    for (String key : new String[] {"big", "int", "frac", "tiny"}) {
      assertEquals(0, new BigDecimal(parsed.getValue(key).toString())
          .compareTo(new BigDecimal(again.getValue(key).toString())), key + " in " + encoded);
    }
    assertTrue(!encoded.contains("Infinity") && encoded.contains("1E+400"), encoded);
    assertEquals(new BigDecimal("1e400"), again.getJsonArray("list").getValue(0));
  }

  @Test
  void vertxDecodingOfStoredTextKeepsNumbersExactToo() {
    String stored = "{\"big\":1e400,\"frac\":0.1000000000000000000001,\"n\":[{\"x\":1.5}]}";
    JsonObject read = new JsonObject(stored);
    assertEquals(new BigDecimal("1e400"), read.getValue("big"));
    assertEquals(new BigDecimal("0.1000000000000000000001"), read.getValue("frac"));
    assertEquals(1.5, read.getJsonArray("n").getJsonObject(0).getDouble("x"));
    assertEquals(new BigDecimal("1e400"), ((JsonObject) io.vertx.core.json.Json.decodeValue(stored)).getValue("big"));
    assertEquals(new BigDecimal("1e400"), new JsonArray("[1e400]").getValue(0));
    assertTrue(read.encode().contains("1E+400"), read.encode());
  }
}
