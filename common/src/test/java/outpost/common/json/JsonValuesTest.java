package outpost.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
  @Test
  void numbersCompareByExactValueWhereVertxComparesDoubles() {
    JsonObject a = new JsonObject("{\"n\":0.1,\"m\":{\"k\":[1e400]}}");
    JsonObject b = new JsonObject("{\"n\":0.1000000000000000000001,\"m\":{\"k\":[1e400]}}");
    assertTrue(a.equals(b), "Vert.x sees the two as equal");
    assertFalse(JsonValues.same(a, b));
    assertTrue(JsonValues.same(new JsonObject("{\"n\":1e2,\"m\":{\"k\":[1E+400]}}"),
        new JsonObject("{\"n\":100,\"m\":{\"k\":[1" + "0".repeat(400) + "]}}")));
    assertTrue(JsonValues.same(new JsonObject("{\"n\":1.50}"), new JsonObject().put("n", 1.5)));
    assertFalse(JsonValues.same(new JsonObject("{\"n\":1}"), new JsonObject("{\"n\":\"1\"}")));
    assertFalse(JsonValues.same(new JsonObject("{\"n\":null}"), new JsonObject("{}")));
  }

  @Test
  void integersBeyondALongAndSpellingsOfOneValue() {
    assertFalse(JsonValues.same(5, new java.math.BigInteger("18446744073709551621")), "2^64 + 5 is not 5");
    assertTrue(JsonValues.same(new JsonArray("[1, 1.0, 1.00]").getValue(1), 1));
    assertTrue(JsonValues.same(new JsonArray("[1.00]").getValue(0), 1L));
    assertTrue(JsonValues.same(-0.0, 0));
    assertTrue(JsonValues.same(-0.0, 0.0), "two doubles: by value, not by Double.equals");
    assertTrue(JsonValues.same(7, 7L));
    assertFalse(JsonValues.same(7, 8L));
    assertFalse(JsonValues.same(0.1, 0.2));
  }

  @Test
  void canonicalNumbersEncodeAlikeExactlyWhenTheValuesAreTheSame() {
    String[] spellings = {"1", "1.0", "1.00", "1e0", "10E-1"};
    for (String s : spellings) {
      assertEquals("[1]", canonical(s), s);
    }
    assertEquals("[0]", canonical("-0.0"));
    assertEquals("[0.1]", canonical("0.10"), "a decimal a double holds keeps its usual text");
    assertEquals("[1.0E20]", canonical("1" + "0".repeat(20)), "beyond a long but exactly a double");
    assertEquals("[1E+400]", canonical("10e399"));
    assertEquals("[0.1000000000000000000001]", canonical("0.100000000000000000000100"));
    assertEquals("[18446744073709551621]", canonical("18446744073709551621"));
    assertEquals("[9223372036854775807]", canonical("9223372036854775807"));
    assertEquals("[9223372036854775808]", canonical("9223372036854775808"));
    assertEquals("[1E-400]", canonical("1e-400"));
  }

  private static String canonical(String number) {
    Object value = new JsonArray("[" + number + "]").getValue(0);
    return new JsonArray().add(JsonValues.canonical((Number) value)).encode();
  }
}
