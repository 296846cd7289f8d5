package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;

/**
 * A live record marked synced at version 0: what an older edge kept when a hub answered DUPLICATE for a write it
 * never applied (a cloned device). The hub cannot hold it, so the divergence check must see it, and the repair
 * must send the write again rather than pass over it for good.
 */
class SyncedAtZeroTest {
  @TempDir
  Path dir;

  @Test
  void aWriteMarkedSyncedAtVersionZeroCountsInTheDigestAndTheRepairSendsItAgain() {
    EdgeStore store = StoreFixture.open(dir, Durability.COMMIT);
    try {
      StoreFixture.await(store.put("notes", "lost", new JsonObject().put("text", "never on the hub")));
      // As the older edge left it: the log entry answered, the record synced at version 0.
      StoreFixture.await(store.write(() -> {
        for (long seq : new java.util.ArrayList<>(store.maps().log("central").keySet())) {
          store.maps().logRemove("central", seq);
        }
        LocalRecord cur = store.maps().record(new RecordKey("notes", "lost"));
        store.maps().putRecord(cur.with(cur.data(), false, RecordState.SYNCED, cur.updatedAtMillis()).withPending(0));
        return null;
      }));
      assertEquals(0, store.pending("central"));
      ScopeDigest hubHasNothing = ScopeDigest.EMPTY;
      assertNotEquals(hubHasNothing, StoreFixture.await(store.digest("notes")), "the check sees the divergence");
      assertEquals(StoreFixture.await(store.worker().read(() -> store.maps().scan("notes"))),
          StoreFixture.await(store.digest("notes")), "the kept digest equals a scan");

      Repair repair = store.repair("central", "notes");
      StoreFixture.await(repair.apply(List.of()));
      assertEquals(0, StoreFixture.await(repair.finish()), "nothing removed");
      assertEquals(1, repair.requeued());

      assertEquals(1, store.pending("central"), "the write goes out again with the next push");
      LocalRecord now = StoreFixture.await(store.get("notes", "lost")).orElseThrow();
      assertEquals(RecordState.PENDING, now.state());
      assertEquals(new JsonObject().put("text", "never on the hub"), now.data());
      LogEntry entry = StoreFixture.await(store.readLog("central", 0, 10)).get(0);
      assertTrue(entry.seq() > 1, "under a new number: " + entry.seq());
      assertEquals(now.pendingSeq(), entry.seq());
      assertEquals(hubHasNothing, StoreFixture.await(store.digest("notes")), "a pending write adds nothing");
    } finally {
      store.close();
    }
  }
}
