package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.edge.EdgeNode;
import outpost.system.fixture.Http;

/** GET /api/failed in the contract's words, and retry refused where it cannot succeed (no browser). */
class FailedItemsApiTest extends NodesCase {
  @Test
  void aPermanentRefusalIsListedInContractWordsAndARetryOfItIsRefusedWithoutStartingASync() {
    Nodes.HTTP.put(nodes.hubUrl() + "/api/records/items/gauze", new JsonObject().put("name", "Gauze").put("stock", 40),
        Nodes.admin());
    EdgeNode edge = nodes.edgeAfterOfflineWrites("clinic-a", offline ->
        Nodes.put(offline, "items", "gauze", new JsonObject().put("name", "Gauze").put("stock", 12)));
    JsonObject item = failed(edge).getJsonObject(0);
    assertEquals("items", item.getString("collection"), item.encode());
    assertEquals("gauze", item.getString("id"));
    assertEquals("PUT", item.getString("operation"));
    assertEquals(12, item.getJsonObject("data").getInteger("stock"));
    assertEquals("PERMISSION_DENIED", item.getString("code"));
    assertEquals(ErrorCode.PERMISSION_DENIED.hint(), item.getString("hint"));
    assertFalse(item.getBoolean("retryable"));
    assertTrue(item.getJsonObject("hub").getBoolean("exists"));
    assertEquals(40, item.getJsonObject("hub").getJsonObject("data").getInteger("stock"), "what the hub holds");
    assertFalse(item.containsKey("change") || item.containsKey("c") || item.containsKey("i"), item.encode());

    String lastRun = Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/status").json().getJsonObject("lastRun").getString("id");
    Http.Answer retried = Nodes.HTTP.post(Nodes.url(edge) + "/api/failed/" + item.getLong("seq") + "/retry",
        new JsonObject(), Map.of());
    assertEquals(400, retried.status(), retried.body());
    assertEquals("BAD_REQUEST", retried.json().getString("error"));
    Http.Answer runRetry = Nodes.HTTP.post(Nodes.url(edge) + "/api/sync/runs/" + item.getString("syncId")
        + "/retry-failed", new JsonObject(), Map.of());
    assertEquals(0, runRetry.json().getInteger("retried"), "a run's retry skips what cannot succeed");
    Nodes.finished(edge, runRetry.json().getString("syncId"));
    assertEquals(1, failed(edge).size(), "the permanent refusal stays until discarded");
    assertEquals(item.getLong("seq"), failed(edge).getJsonObject(0).getLong("seq"));
    assertFalse(lastRun.equals(runRetry.json().getString("syncId")));
  }

  @Test
  void aRetryableRefusalRetriedIsSentInTheSyncTheAnswerNames() {
    EdgeNode edge = nodes.edge("clinic-a");
    Nodes.put(edge, "gadgets", "g1", new JsonObject().put("kg", 3));
    Nodes.sync(edge);
    JsonObject item = failed(edge).getJsonObject(0);
    assertTrue(item.getBoolean("retryable"), item.encode());
    assertFalse(item.getJsonObject("hub").getBoolean("exists"), "the hub has no gadgets");

    Http.Answer retried = Nodes.HTTP.post(Nodes.url(edge) + "/api/failed/" + item.getLong("seq") + "/retry",
        new JsonObject(), Map.of());
    assertEquals(202, retried.status(), retried.body());
    String syncId = retried.json().getString("syncId");
    JsonObject run = Nodes.finished(edge, syncId);
    JsonObject sent = run.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> "g1".equals(i.getString("id"))).findFirst().orElseThrow(() -> new AssertionError(run.encode()));
    assertEquals("PUT", sent.getString("operation"));
    assertEquals("NOT_SUPPORTED", sent.getString("code"));
    assertEquals(syncId, failed(edge).getJsonObject(0).getString("syncId"), "refused again, in the new run");
    assertEquals(404, Nodes.HTTP.post(Nodes.url(edge) + "/api/failed/" + item.getLong("seq") + "/retry",
        new JsonObject(), Map.of()).status(), "the old item is gone");
  }

  @Test
  void anotherSitesRecordRefusedInASiteScopedCollectionIsNeitherShownNorTakenOnDiscard() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    Nodes.put(a, "patients", "p1", new JsonObject().put("name", "Ada (clinic a)"));
    assertEquals("COMPLETE", Nodes.sync(a).getString("status"));
    Nodes.put(b, "patients", "p1", new JsonObject().put("name", "Bo (clinic b)"));
    Nodes.sync(b);
    JsonObject item = failed(b).getJsonObject(0);
    assertEquals("PERMISSION_DENIED", item.getString("code"), item.encode());
    assertFalse(item.getJsonObject("hub").getBoolean("exists"), "clinic-a's patient is not clinic-b's to see");
    assertFalse(item.encode().contains("Ada"), item.encode());

    Http.Answer discarded = Nodes.HTTP.post(Nodes.url(b) + "/api/failed/" + item.getLong("seq") + "/discard",
        new JsonObject(), Map.of());
    assertEquals("REMOVED", discarded.json().getString("outcome"), discarded.body());
    assertEquals(404, Nodes.HTTP.get(Nodes.url(b) + "/api/records/patients/p1").status(), "nothing of clinic-a's arrived");
    assertEquals("Ada (clinic a)", Nodes.HTTP.get(Nodes.url(a) + "/api/records/patients/p1").json().getJsonObject("data")
        .getString("name"));
  }

  private static JsonArray failed(EdgeNode edge) {
    return Nodes.HTTP.get(Nodes.url(edge) + "/api/failed").json().getJsonArray("items");
  }
}
