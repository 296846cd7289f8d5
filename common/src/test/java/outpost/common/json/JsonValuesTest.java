package outpost.common.json;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
