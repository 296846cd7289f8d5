package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.fixture.Await;
import outpost.system.fixture.FaultProxy;

/**
 * An acknowledgement lost in the link, then the hub moves on before the edge re-sends: the re-sent change
 * is answered DUPLICATE with the hub's current state, and the edge must end with that state, not keep
 * its own copy under the hub's newer version (where neither the pull nor the digest would ever see the
 * difference). Real jars; the loss is made by the edge's proxy holding the hub's answers.
 */
class LostAckIT {
  @TempDir
  Path tmp;

  @Test
  void changeAnsweredDuplicateAfterTheHubMergedAnotherEditEndsIdenticalEverywhere() {
    try (HubProcess hub = new HubProcess(tmp.resolve("hub"), List.of("--data", tmp.resolve("hub-data").toString()),
        new JsonObject())) {
      int port = hub.start();
      try (FaultProxy linkA = new FaultProxy(port); EdgeProcess a = edge(hub, "clinic-a", linkA.address());
          EdgeProcess b = edge(hub, "clinic-b", "127.0.0.1:" + port)) {
        a.start();
        b.start();
        JsonObject base = new JsonObject().put("clinic-a", "0").put("clinic-b", "0");
        assertEquals(201, hub.rest().put(hub.url() + "/api/records/notes/r", base).status());
        synced(a);
        synced(b);

        // A's edit and enough other changes that the push batch is much bigger than the hello.
        assertEquals(200, a.rest().put(a.url() + "/api/records/notes/r", base.copy().put("clinic-a", "A")).status());
        JsonArray items = new JsonArray();
        for (int i = 0; i < 60; i++) {
          items.add(new JsonObject().put("id", "bulk-" + i).put("data", new JsonObject().put("pad", "p".repeat(300))));
        }
        assertEquals(200, a.rest().post(a.url() + "/api/records/notes", new JsonObject().put("items", items)).status());
        linkA.loseAnswersAfter(8 * 1024);
        JsonObject lost = a.sync(60);
        assertNotNull(lost);
        assertEquals("TIMEOUT", lost.getJsonArray("hubs").getJsonObject(0).getJsonObject("error").getString("code"),
            Cluster.summary(lost));
        assertEquals("A", hubData(hub).getString("clinic-a"), "the hub committed A's edit; only the answer was lost");

        // B edits another field from the same base: merged on the hub.
        assertEquals(200, b.rest().put(b.url() + "/api/records/notes/r", base.copy().put("clinic-b", "B")).status());
        synced(b);
        JsonObject merged = base.copy().put("clinic-a", "A").put("clinic-b", "B");
        assertEquals(merged, hubData(hub));

        linkA.disarm();
        linkA.stall(false);
        synced(a);
        synced(a);
        synced(b);
        JsonObject onA = a.rest().get(a.url() + "/api/records/notes/r").json();
        assertEquals(merged, onA.getJsonObject("data"), "A ends with the hub's merged value");
        assertEquals(hub.rest().get(hub.url() + "/api/records/notes/r").json().getLong("version"),
            onA.getJsonObject("sync").getLong("version"));
        assertEquals(merged, b.rest().get(b.url() + "/api/records/notes/r").json().getJsonObject("data"));
      }
    }
  }

  private static JsonObject hubData(HubProcess hub) {
    return hub.rest().get(hub.url() + "/api/records/notes/r").json().getJsonObject("data");
  }

  private EdgeProcess edge(HubProcess hub, String site, String address) {
    JsonObject hubEntry = new JsonObject().put("name", "central").put("address", address).put("token", hub.addSite(site));
    JsonObject extra = new JsonObject().put("idleTimeout", "PT3S").put("schedule", new JsonObject()
        .put("intervalMinutes", 1440).put("debounceSeconds", 3600).put("backoffInitialSeconds", 3600)
        .put("backoffMaxSeconds", 3600));
    return new EdgeProcess(tmp.resolve(site), site, hubEntry, extra);
  }

  /** Syncs until a run completes with nothing pending (a reconnect run may be going: requests join it). */
  static void synced(EdgeProcess e) {
    JsonObject[] run = new JsonObject[1];
    if (!Await.upTo(() -> {
      run[0] = e.sync(60);
      return run[0] != null && "COMPLETE".equals(run[0].getString("status"))
          && e.status().getJsonObject("pending").getLong("central") == 0;
    }, Duration.ofSeconds(60), Duration.ZERO)) {
      throw new AssertionError(e.site + " did not sync: " + (run[0] == null ? null : Cluster.summary(run[0])));
    }
  }
}
