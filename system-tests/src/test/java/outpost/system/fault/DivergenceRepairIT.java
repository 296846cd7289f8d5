package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.RecordKey;
import outpost.edge.store.EdgeStore;
import outpost.system.fixture.Await;

/**
 * The divergence check against damage done behind the engine's back: with the edge stopped, a record is
 * removed from (or slipped into) its MVStore file directly; the next sync compares the hub's digest with
 * the edge's own, repairs the collection and says so in the run's notes. Real jars.
 */
class DivergenceRepairIT {
  @TempDir
  Path tmp;

  @Test
  void recordRemovedFromTheEdgeFileIsDetectedRepairedAndReported() {
    try (HubProcess hub = hub(); EdgeProcess edge = edge(hub)) {
      edge.start();
      for (int i = 0; i < 20; i++) {
        assertEquals(201, edge.rest().put(edge.url() + "/api/records/notes/n" + i, new JsonObject().put("i", i)).status());
      }
      LostAckIT.synced(edge);
      long version = edge.rest().get(edge.url() + "/api/records/notes/n7").json().getJsonObject("sync").getLong("version");

      stopCleanly(edge);
      behindTheEnginesBack(edge, records -> assertNotNull(records.remove(new RecordKey("notes", "n7").encode())));
      edge.start();
      assertEquals(404, edge.rest().get(edge.url() + "/api/records/notes/n7").status(), "damaged: the record is gone");

      JsonObject run = repairRun(edge);
      String note = run.getJsonArray("notes").stream().map(Object::toString)
          .filter(n -> n.contains("divergence in 'notes'")).findFirst().orElse(null);
      assertNotNull(note, "the run says what it found: " + run.getJsonArray("notes"));
      assertTrue(note.contains("local 19 records, hub 20") && note.contains("restored 1") && note.contains("digests now match"),
          note);
      JsonObject back = edge.rest().get(edge.url() + "/api/records/notes/n7").json();
      assertEquals(new JsonObject().put("i", 7), back.getJsonObject("data"), "repaired");
      assertEquals("synced", back.getJsonObject("sync").getString("state"));
      assertEquals(version, back.getJsonObject("sync").getLong("version"));

      JsonObject next = edge.sync(60);
      assertTrue(next.getJsonArray("notes").isEmpty(), "nothing left to repair: " + next.getJsonArray("notes"));
    }
  }

  @Test
  void recordTheHubNeverHadIsRemovedFromTheEdgeAndReported() {
    try (HubProcess hub = hub(); EdgeProcess edge = edge(hub)) {
      edge.start();
      assertEquals(201, edge.rest().put(edge.url() + "/api/records/notes/real", new JsonObject().put("i", 1)).status());
      LostAckIT.synced(edge);
      stopCleanly(edge);
      // A copy of the synced record under another id: looks synced to the engine, unknown to the hub.
      behindTheEnginesBack(edge, records -> records.put(new RecordKey("notes", "ghost").encode(),
          records.get(new RecordKey("notes", "real").encode())));
      edge.start();
      assertEquals(200, edge.rest().get(edge.url() + "/api/records/notes/ghost").status(), "damaged: a ghost");

      JsonObject run = repairRun(edge);
      assertTrue(run.getJsonArray("notes").encode().contains("removed 1"), run.getJsonArray("notes").encode());
      assertEquals(404, edge.rest().get(edge.url() + "/api/records/notes/ghost").status(), "repaired");
      assertEquals(200, edge.rest().get(edge.url() + "/api/records/notes/real").status());
      assertEquals(404, hub.rest().get(hub.url() + "/api/records/notes/ghost").status(), "nothing was pushed");
    }
  }

  private HubProcess hub() {
    HubProcess hub = new HubProcess(tmp.resolve("hub"), List.of("--data", tmp.resolve("hub-data").toString()),
        new JsonObject());
    hub.start();
    return hub;
  }

  private EdgeProcess edge(HubProcess hub) {
    JsonObject hubEntry = new JsonObject().put("name", "central").put("address", "127.0.0.1:" + hub.grpcPort())
        .put("token", hub.addSite("clinic-a"));
    JsonObject extra = new JsonObject().put("schedule", new JsonObject().put("intervalMinutes", 1440)
        .put("debounceSeconds", 3600).put("backoffInitialSeconds", 3600).put("backoffMaxSeconds", 3600));
    return new EdgeProcess(tmp.resolve("clinic-a"), "clinic-a", hubEntry, extra);
  }

  /** SIGTERM: the shutdown hook closes the store (the JVM then exits with 143, 128 + SIGTERM). */
  private static void stopCleanly(EdgeProcess edge) {
    int code = edge.terminate();
    assertTrue(code == 0 || code == 143, "exit code " + code);
  }

  /** Opens the stopped edge's file with MVStore directly and changes its records map. */
  private static void behindTheEnginesBack(EdgeProcess edge, java.util.function.Consumer<MVMap<String, String>> damage) {
    MVStore store = new MVStore.Builder().fileName(edge.dataDir().resolve(EdgeStore.FILE_NAME).toString()).open();
    try {
      MVMap<String, String> records = outpost.common.mvstore.Maps.strings(store, "records");
      damage.accept(records);
      store.commit();
    } finally {
      store.close();
    }
  }

  /** The first run after the restart that finished (the start-up run, or the one a sync request joined). */
  private static JsonObject repairRun(EdgeProcess edge) {
    JsonObject last = Await.value(() -> {
      JsonArray runs = edge.rest().get(edge.url() + "/api/sync/runs?limit=1").json().getJsonArray("items");
      JsonObject status = edge.status();
      boolean done = !runs.isEmpty() && status != null && "idle".equals(status.getString("state"))
          && !"manual".equals(runs.getJsonObject(0).getString("trigger"));
      return done ? runs.getJsonObject(0) : null;
    }, Duration.ofSeconds(60), "a run after the restart");
    assertNull(last.getJsonArray("hubs").getJsonObject(0).getValue("error"), Cluster.summary(last));
    return last;
  }
}
