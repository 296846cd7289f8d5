package outpost.edge.store.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A local write's changed fields compare numbers by exact value, past double and long precision. */
class ChangedFieldsTest {
  @Test
  void changedFieldsSeeChangesPastDoubleAndLongPrecisionOnly() {
    JsonObject before = new JsonObject("{\"a\":0.1,\"b\":{\"c\":[5]},\"d\":1,\"e\":\"x\"}");
    JsonObject after = new JsonObject("{\"a\":0.1000000000000000000001,\"b\":{\"c\":[18446744073709551621]},"
        + "\"d\":1.0,\"e\":\"x\"}");
    assertEquals(java.util.Set.of("a", "b"), LocalWrites.changedFields(before, after));
  }
}
