package outpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.mvstore.Maps;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.FailedItems;
import outpost.edge.store.RecordState;
import outpost.system.fixture.Await;

/**
 * An edge whose store file holds values it cannot read (planted straight into the file, as an older version, a bug
 * or a disk error would leave them) still syncs everything else with a real hub: the unreadable change becomes a
 * failed item with its reason, and the changes around it reach the hub and another site.
 */
class DamagedEdgeStoreSyncTest extends OneHubCase {
  private static final String TOO_DEEP = "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}";

  @Test
  void anUnreadableChangeIsSetAsideAndEveryOtherChangeReachesTheHub() {
    String token = hub.addSite("clinic-a");
    Path data = tmp.resolve("clinic-a");
    try (TestEdge a = new TestEdge(vertx, data, "clinic-a", hub.address(), token)) {
      for (String id : List.of("n1", "n2", "n3", "n4")) {
        a.put("notes", id, new JsonObject().put("text", id));
      }
    }
    // n2's pending change and n3's record come back unreadable (n3's pending change is intact).
    MVStore mv = EdgeStore.openFile(data.resolve(EdgeStore.FILE_NAME));
    try {
      var log = Maps.longToString(mv, "log:central");
      log.put(2L, log.get(2L).replace("{\"text\":\"n2\"}", TOO_DEEP));
      var records = Maps.strings(mv, "records");
      String n3 = new RecordKey("notes", "n3").encode();
      records.put(n3, records.get(n3).replace("{\"text\":\"n3\"}", TOO_DEEP));
      mv.commit();
    } finally {
      mv.close();
    }

    try (TestEdge a = new TestEdge(vertx, data, "clinic-a", hub.address(), token);
        TestEdge b = new TestEdge(vertx, tmp.resolve("clinic-b"), "clinic-b", hub.address(),
            hub.addSite("clinic-b"))) {
      JsonObject run = a.sync();
      assertEquals("PARTIAL", run.getString("status"), run.encodePrettily());
      for (String id : List.of("n1", "n3", "n4")) {
        assertTrue(Await.of(hub.store.get(new RecordKey("notes", id))).isPresent(), id + " reached the hub");
      }
      assertFalse(Await.of(hub.store.get(new RecordKey("notes", "n2"))).isPresent());

      List<JsonObject> failed = Await.of(new FailedItems(a.store).list());
      assertEquals(2, failed.size(), failed.toString()); // n2's change, and n3's unreadable local copy
      JsonObject change = failed.stream().filter(f -> "change".equals(f.getString("setAside"))).findFirst()
          .orElseThrow();
      assertEquals(ErrorCode.STORE_DAMAGED.name(), change.getString("code"));
      assertEquals("n2", change.getJsonObject("change").getString("i"));
      assertEquals(run.getString("id"), change.getString("syncId"));
      assertTrue(change.getString("reason").contains("cannot be read"), change.getString("reason"));

      assertEquals(0, a.store.pending("central"));
      assertEquals(RecordState.FAILED, a.get("notes", "n2").orElseThrow().state());
      assertEquals("n3", a.get("notes", "n3").orElseThrow().data().getString("text"), "n3 came back from the hub");
      assertEquals(0, Await.of(a.store.list("notes", null, 10)).unreadable());

      b.sync();
      for (String id : List.of("n1", "n3", "n4")) {
        assertEquals(id, b.get("notes", id).orElseThrow().data().getString("text"), id + " reached clinic-b");
      }

      // n2 written again syncs like any other change.
      a.put("notes", "n2", new JsonObject().put("text", "n2 again"));
      assertEquals("COMPLETE", a.sync().getString("status"));
      b.sync();
      assertEquals("n2 again", b.get("notes", "n2").orElseThrow().data().getString("text"));
    }
  }
}
