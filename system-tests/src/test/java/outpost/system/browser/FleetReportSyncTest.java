package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import outpost.edge.EdgeNode;
import outpost.proto.v1.HelloReply;
import outpost.proto.v1.HelloRequest;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/**
 * The fleet fields of GET /api/sites with a real hub and real edges: what an edge reports in its Hello reaches
 * the hub's site list, the list's latest run is the store's, and a Hello without a report (an older edge) still
 * answers and leaves the site without one.
 */
class FleetReportSyncTest extends NodesCase {
  @Test
  void anEdgeReportsItsStateAtEverySyncAndTheSiteListShowsIt() {
    EdgeNode edge = nodes.edge("clinic-a");
    Nodes.put(edge, "gadgets", "g1", new JsonObject().put("text", "the hub has no such collection"));
    JsonObject refused = Nodes.sync(edge);
    assertNotEquals("COMPLETE", refused.getString("status"), refused.encode());
    Nodes.put(edge, "notes", "n1", new JsonObject().put("text", "written before the next sync"));
    JsonObject next = Nodes.sync(edge);

    // The edge reports its run when it ends (ReportRun): the figures are those of the run's end.
    Await.until(() -> {
      JsonObject last = site("clinic-a").getJsonObject("lastRun");
      return last != null && next.getString("id").equals(last.getString("id")) && last.getBoolean("confirmed");
    }, "the edge's report of its run");
    JsonObject site = site("clinic-a");
    JsonObject fleet = site.getJsonObject("fleet");
    assertNotNull(fleet, site.encode());
    assertFalse(fleet.getString("nodeVersion").isEmpty());
    assertEquals(0, fleet.getLong("pending"), "the run pushed the note that waited: " + fleet.encode());
    assertNull(fleet.getValue("oldestPending"), fleet.encode());
    assertTrue(Instant.parse(fleet.getString("reportedAt")).toEpochMilli() >= Instant.parse(next.getString(
        "finishedAt")).toEpochMilli() - 1000, "reported after the run: " + fleet.encode());
    assertEquals(1, fleet.getLong("failedItems"), "the refused gadget stays a failed item: " + fleet.encode());
    assertEquals(0, fleet.getLong("openConflicts"));
    assertTrue(fleet.getLong("storeBytes") > 0, fleet.encode());
    assertNotNull(fleet.getString("reportedAt"));

    JsonObject latest = Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?site=clinic-a&limit=1", Nodes.admin()).json()
        .getJsonArray("items").getJsonObject(0);
    assertEquals(next.getString("id"), latest.getString("id"), "the edge and the hub name the same run");
    assertEquals(latest.getString("id"), site.getJsonObject("lastRun").getString("id"));
    assertEquals(latest.getString("status"), site.getString("lastStatus"));
    assertEquals(latest.getString("status"), site.getJsonObject("lastRun").getString("status"));

    // The refused run names its item with the hub's code and reason, and is found by collection and operation.
    JsonObject onHub = run(refused.getString("id"));
    JsonArray items = onHub.getJsonArray("items");
    assertEquals(1, items.size(), onHub.encode());
    JsonObject item = items.getJsonObject(0);
    assertEquals("gadgets", item.getString("collection"));
    assertEquals("g1", item.getString("id"));
    assertEquals("REJECTED", item.getString("status"));
    assertEquals("NOT_SUPPORTED", item.getString("code"));
    assertFalse(item.getString("reason").isEmpty());
    JsonArray byCollection = Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?collection=gadgets&operation=push",
        Nodes.admin()).json().getJsonArray("items");
    assertEquals(1, byCollection.size(), byCollection.encode());
    assertEquals(refused.getString("id"), byCollection.getJsonObject(0).getString("id"));
    assertTrue(Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?collection=gadgets&operation=pull", Nodes.admin()).json()
        .getJsonArray("items").isEmpty());
    assertEquals(400, Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?operation=PUT", Nodes.admin()).status());
  }

  @Test
  void aHelloWithoutAReportStillAnswersAndTheSiteHasNone() {
    Http.Answer added = Nodes.HTTP.post(nodes.hubUrl() + "/api/sites", new JsonObject().put("id", "old-edge"),
        Nodes.admin());
    assertEquals(201, added.status(), added.body());
    try (SiteStub site = new SiteStub(nodes, "old-edge", added.json().getString("token"))) {
      HelloReply reply = site.calls.hello(HelloRequest.newBuilder().setNodeVersion("1").build());
      assertEquals("central", reply.getHubId());
      assertTrue(reply.getCollectionsCount() > 0);
    }
    JsonObject site = site("old-edge");
    assertNull(site.getValue("fleet"), site.encode());
    assertNull(site.getValue("lastRun"), site.encode());
  }

  private JsonObject site(String id) {
    return Nodes.HTTP.get(nodes.hubUrl() + "/api/sites", Nodes.admin()).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(s -> id.equals(s.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no site " + id));
  }

  private JsonObject run(String id) {
    return Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?q=" + id, Nodes.admin()).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(r -> id.equals(r.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no run " + id + " on the hub"));
  }
}
