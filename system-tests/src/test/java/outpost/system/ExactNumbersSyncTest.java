package outpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import outpost.common.RecordKey;
import outpost.system.fixture.Await;

/**
 * A change that differs from the stored value only past double precision (or past a long) is a change like any
 * other: the edge logs it, the hub applies or merges it, and a pulling edge counts it updated. Vert.x's own
 * JsonObject equality compares numbers as doubles and would call such values equal. Real hub and edges in
 * one JVM (gRPC on port 0, MVStore files in temp folders).
 */
class ExactNumbersSyncTest extends OneHubCase {
  private static final String FINER = "0.1000000000000000000001";

  @Test
  void changePastDoublePrecisionReachesTheHubAndCountsUpdatedOnTheOtherEdge() {
    assertChangeTravels("{\"amount\":0.1}", "{\"amount\":" + FINER + "}");
  }

  @Test
  void integerChangedInItsLastDigitOrBeyondALongTravels() {
    assertChangeTravels("{\"amount\":12345678901234567890123}", "{\"amount\":12345678901234567890124}");
    // 2^64 + 5 has the long value 5: compared as longs the two are equal.
    assertChangeTravels("{\"amount\":5}", "{\"amount\":18446744073709551621}");
  }

  @Test
  void nestedChangePastDoublePrecisionIsLoggedAndTravels() {
    assertChangeTravels("{\"order\":{\"lines\":[{\"amount\":0.1}]}}",
        "{\"order\":{\"lines\":[{\"amount\":" + FINER + "}]}}");
  }

  @Test
  void hubMergeHandsTheEdgeTheOtherSitesFinerValue() {
    try (TestEdge a = edge("clinic-a"); TestEdge b = edge("clinic-b")) {
      a.put("notes", "r", new JsonObject("{\"title\":\"t0\",\"amount\":0.1}"));
      a.sync();
      b.sync();
      a.put("notes", "r", new JsonObject("{\"title\":\"t0\",\"amount\":" + FINER + "}"));
      b.put("notes", "r", new JsonObject("{\"title\":\"t-b\",\"amount\":0.1}"));
      assertEquals("COMPLETE", a.sync().getString("status"));
      assertEquals("COMPLETE", b.sync().getString("status"), "different fields merge without conflict");
      a.sync();
      String expected = "{\"title\":\"t-b\",\"amount\":" + FINER + "}";
      assertEquals(expected, hubData("r").encode());
      assertEquals(expected, b.get("notes", "r").orElseThrow().data().encode(),
          "B took the merged value, not its own 0.1");
      assertEquals(expected, a.get("notes", "r").orElseThrow().data().encode());
    }
  }

  @Test
  void concurrentNestedValuesDifferingPastDoublePrecisionConflictInsteadOfDiverging() {
    try (TestEdge a = edge("clinic-a"); TestEdge b = edge("clinic-b")) {
      a.put("notes", "r", new JsonObject("{\"order\":{\"amount\":0.5}}"));
      a.sync();
      b.sync();
      a.put("notes", "r", new JsonObject("{\"order\":{\"amount\":0.1}}"));
      b.put("notes", "r", new JsonObject("{\"order\":{\"amount\":" + FINER + "}}"));
      assertEquals("COMPLETE", a.sync().getString("status"));
      assertEquals("PARTIAL", b.sync().getString("status"), "the same field changed on both sides conflicts");
      assertEquals("conflict", b.get("notes", "r").orElseThrow().toApiJson().getJsonObject("sync").getString("state"));
      assertEquals(1, Await.of(b.conflicts.list()).size());
      assertEquals("{\"order\":{\"amount\":0.1}}", hubData("r").encode(), "the hub keeps its value");
      assertEquals("{\"order\":{\"amount\":" + FINER + "}}", b.get("notes", "r").orElseThrow().data().encode(),
          "B's own value is kept for the person to resolve");
    }
  }

  /** A writes and syncs {@code first}, B pulls it; A writes {@code second}: hub and B must hold it exactly. */
  private void assertChangeTravels(String first, String second) {
    String id = "r" + Math.abs(second.hashCode());
    try (TestEdge a = edge("a-" + id); TestEdge b = edge("b-" + id)) {
      a.put("notes", id, new JsonObject(first));
      assertEquals("COMPLETE", a.sync().getString("status"));
      b.sync();
      assertEquals(first, b.get("notes", id).orElseThrow().data().encode());

      a.put("notes", id, new JsonObject(second));
      assertEquals(second, a.get("notes", id).orElseThrow().data().encode(), "the edge keeps the new value");
      assertEquals(1, a.store.pending("central"), "the write is logged for the hub");
      JsonObject pushRun = a.sync();
      assertEquals("COMPLETE", pushRun.getString("status"));
      assertEquals(1, count(pushRun, "push", "updated"), pushRun.encode());
      assertEquals(second, hubData(id).encode(), "the hub holds the new exact value");
      assertEquals(second, a.get("notes", id).orElseThrow().data().encode());

      JsonObject pullRun = b.sync();
      assertEquals(1, count(pullRun, "pull", "updated"), pullRun.encode());
      assertEquals(0, count(pullRun, "pull", "skipped"), pullRun.encode());
      assertEquals(second, b.get("notes", id).orElseThrow().data().encode());
    }
  }

  private JsonObject hubData(String id) {
    return Await.of(nodes.hub.store.get(new RecordKey("notes", id))).orElseThrow().data();
  }

  /** The run's count of {@code kind} for {@code operation} in collection "notes". */
  static long count(JsonObject run, String operation, String kind) {
    long total = 0;
    for (Object o : run.getJsonArray("counts")) {
      JsonObject c = (JsonObject) o;
      if (operation.equals(c.getString("operation")) && "notes".equals(c.getString("collection"))) {
        total += c.getLong(kind);
      }
    }
    return total;
  }
}
