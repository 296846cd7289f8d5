package outpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import outpost.common.RecordKey;
import outpost.hub.sites.SiteService;
import outpost.system.fixture.Await;

/**
 * A leaked token is rotated while the site's edge holds changes it has not pushed: the old token is refused
 * at once, nothing pending is lost, and the edge restarted with the new token (edge.json or --token) sends
 * them. Real hub (embedded store, gRPC on port 0) and real edge (MVStore in a temp folder).
 */
class TokenRotationTest extends OneHubCase {
  private static JsonObject hubError(JsonObject run) {
    return run.getJsonArray("hubs").getJsonObject(0).getJsonObject("error");
  }

  @Test
  void anEdgeKeepsItsPendingChangesThroughARotationAndSendsThemAfterARestartWithTheNewToken() {
    String old = hub.addSite("clinic-a");
    SiteService sites = new SiteService(vertx, hub.store, hub.auth::update);
    Path data = tmp.resolve("clinic-a");
    String fresh;
    try (TestEdge edge = new TestEdge(vertx, data, "clinic-a", hub.address(), old)) {
      edge.put("notes", "n1", new JsonObject().put("text", "before"));
      assertEquals("COMPLETE", edge.sync().getString("status"), "the old token worked and was cached by the hub");
      edge.put("notes", "n2", new JsonObject().put("text", "written while the token leaked"));
      edge.put("notes", "n1", new JsonObject().put("text", "changed"));
      assertEquals(2, edge.store.pending("central"));

      fresh = Await.of(sites.rotateToken("clinic-a")).token();
      assertNotEquals(old, fresh);

      JsonObject refused = edge.sync();
      assertEquals("FAILED", refused.getString("status"));
      assertEquals("AUTH_ERROR", hubError(refused).getString("code"));
      assertEquals(2, edge.store.pending("central"), "the refused run kept every pending change");
      assertTrue(Await.of(hub.store.get(new RecordKey("notes", "n2"))).isEmpty());
    }
    // The operator puts the new token in edge.json (or --token) and restarts the edge on the same data.
    try (TestEdge edge = new TestEdge(vertx, data, "clinic-a", hub.address(), fresh)) {
      assertEquals(2, edge.store.pending("central"), "the restart kept them too");
      assertEquals("COMPLETE", edge.sync().getString("status"));
      assertEquals(0, edge.store.pending("central"));
    }
    assertEquals("written while the token leaked",
        Await.of(hub.store.get(new RecordKey("notes", "n2"))).orElseThrow().data().getString("text"));
    assertEquals("changed", Await.of(hub.store.get(new RecordKey("notes", "n1"))).orElseThrow().data().getString("text"));
  }
}
