package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.fixture.Http;

/**
 * Delete-versus-update conflicts resolved through the edge API (real jars): keeping the side that is a
 * deletion deletes the record everywhere. The fault simulation found that choice answering 500.
 */
class DeleteConflictIT {
  @TempDir
  static Path tmp;
  static HubProcess hub;
  static EdgeProcess a;
  static EdgeProcess b;

  @BeforeAll
  static void start() {
    hub = new HubProcess(tmp.resolve("hub"), List.of("--data", tmp.resolve("hub-data").toString()), new JsonObject());
    int port = hub.start();
    a = edge("clinic-a", port);
    b = edge("clinic-b", port);
    a.start();
    b.start();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, hub}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing test processes
      }
    }
  }

  private static EdgeProcess edge(String site, int port) {
    JsonObject hubEntry = new JsonObject().put("name", "central").put("address", "127.0.0.1:" + port)
        .put("token", hub.addSite(site));
    JsonObject extra = new JsonObject().put("schedule", new JsonObject().put("intervalMinutes", 1440)
        .put("debounceSeconds", 3600).put("backoffInitialSeconds", 3600).put("backoffMaxSeconds", 3600));
    return new EdgeProcess(tmp.resolve(site), site, hubEntry, extra);
  }

  /** Both edges hold the record at the same version; A does {@code first}, B does {@code second}, in that order. */
  private static JsonArray collide(String id, boolean aDeletes) {
    assertEquals(201, hub.rest().put(hub.url() + "/api/records/notes/" + id, new JsonObject().put("v", 0)).status());
    LostAckIT.synced(a);
    LostAckIT.synced(b);
    String pathA = a.url() + "/api/records/notes/" + id;
    String pathB = b.url() + "/api/records/notes/" + id;
    assertEquals(200, aDeletes ? a.rest().delete(pathA).status()
        : a.rest().put(pathA, new JsonObject().put("v", "a")).status());
    LostAckIT.synced(a);
    assertEquals(200, aDeletes ? b.rest().put(pathB, new JsonObject().put("v", "b")).status()
        : b.rest().delete(pathB).status());
    JsonObject run = b.sync(60);
    assertEquals("PARTIAL", run.getString("status"), Cluster.summary(run));
    JsonArray conflicts = new JsonArray(b.rest().get(b.url() + "/api/conflicts").json().getJsonArray("items").stream()
        .filter(c -> id.equals(((JsonObject) c).getString("id"))).toList());
    assertEquals(1, conflicts.size(), conflicts.encode());
    return conflicts;
  }

  private static void resolvedEverywhereAsDeleted(String id, String keep) {
    Http.Answer r = b.rest().post(b.url() + "/api/conflicts/notes/" + id + "/resolve", new JsonObject().put("keep", keep));
    assertEquals(200, r.status(), r.body());
    LostAckIT.synced(b);
    LostAckIT.synced(a);
    assertEquals(404, hub.rest().get(hub.url() + "/api/records/notes/" + id).status());
    assertEquals(404, a.rest().get(a.url() + "/api/records/notes/" + id).status());
    assertEquals(404, b.rest().get(b.url() + "/api/records/notes/" + id).status());
    assertEquals(0, hub.rest().get(hub.url() + "/api/conflicts").json().getJsonArray("items").size());
    assertEquals(0, b.rest().get(b.url() + "/api/conflicts").json().getJsonArray("items").size());
  }

  @Test
  void keepingTheHubsDeletionDeletesTheRecordEverywhere() {
    JsonArray conflicts = collide("deleted-on-hub", true);
    assertEquals(true, conflicts.getJsonObject(0).getJsonObject("hub").getBoolean("deleted"));
    resolvedEverywhereAsDeleted("deleted-on-hub", "hub");
  }

  @Test
  void keepingTheLocalDeletionDeletesTheRecordEverywhere() {
    JsonArray conflicts = collide("deleted-here", false);
    assertEquals(true, conflicts.getJsonObject(0).getJsonObject("local").getBoolean("deleted"));
    resolvedEverywhereAsDeleted("deleted-here", "local");
  }
}
