package outpost.system.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import outpost.common.RecordKey;
import outpost.common.json.JsonValues;

/**
 * The model: every record whose write a node acknowledged and whose delete it did not, with the data
 * acknowledged. Read-backs through the node's API must show exactly this, numbers compared by exact value.
 */
final class AcknowledgedRecords {
  private final Map<RecordKey, JsonObject> records = new TreeMap<>();

  void written(RecordKey key, JsonObject data) {
    records.put(key, data);
  }

  void deleted(RecordKey key) {
    records.remove(key);
  }

  /** An answer is a 2xx, or a 4xx carrying {"error": CODE, "message": ...}; never a 5xx. */
  static void assertAnsweredWithACode(RawRequest request, RawRequest.Answer answer) {
    assertTrue(answer.status() >= 200 && answer.status() < 500, request + " -> " + answer);
    if (answer.status() >= 400) {
      JsonObject error = answer.json();
      assertTrue(error.getValue("error") instanceof String code && !code.isEmpty()
          && error.getValue("message") instanceof String, request + " -> " + answer);
    }
  }

  /** Reads the record back (GET) and the ids of its collection (list) and compares them with the model. */
  void assertNodeHolds(RecordKey key, int port, Map<String, String> headers) {
    String path = RecordPaths.PREFIX + RecordPaths.encode(key.collection()) + "/" + RecordPaths.encode(key.id());
    RawRequest get = new RawRequest("GET", path, null, headers);
    RawRequest.Answer answer = get.send(port);
    JsonObject expected = records.get(key);
    if (expected == null) {
      // 414: a key longer than a request line may carry cannot be read by its URL (nor stored: the id rules are
      // far stricter); the listing below still shows whether its collection holds it.
      assertTrue(answer.status() == 404 || answer.status() == 400 || answer.status() == 414,
          get + " -> " + answer + ": never acknowledged");
      assertAnsweredWithACode(get, answer);
    } else {
      assertEquals(200, answer.status(), get + " -> " + answer);
      JsonObject data = answer.json().getJsonObject("data");
      assertTrue(JsonValues.same(expected, data), get + ": acknowledged " + expected.encode() + ", holds "
          + data.encode());
    }
    RawRequest list = new RawRequest("GET", RecordPaths.PREFIX + RecordPaths.encode(key.collection()) + "?limit=1000",
        null, headers);
    RawRequest.Answer listed = list.send(port);
    if (listed.status() == 200) {
      Set<String> ids = new TreeSet<>();
      JsonArray items = listed.json().getJsonArray("items");
      items.forEach(item -> ids.add(((JsonObject) item).getString("id")));
      Set<String> model = new TreeSet<>();
      records.keySet().stream().filter(k -> k.collection().equals(key.collection())).forEach(k -> model.add(k.id()));
      assertEquals(model, ids, list + ": the listed ids are the acknowledged ones");
    } else {
      assertAnsweredWithACode(list, listed);
    }
  }
}
