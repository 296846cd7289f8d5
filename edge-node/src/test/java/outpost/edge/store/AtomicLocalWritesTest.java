package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/**
 * A local write either completes with its log entry or changes nothing: each kind of write is failed at each of its
 * steps in turn (every change of a map, the journal record, the group's commit), and after each failure the store,
 * a copy of its folder taken then (what a crash leaves, replayed from its journal) and the store reopened hold
 * exactly what they held before.
 */
class AtomicLocalWritesTest {
  @TempDir
  Path dir;

  private record Write(String name, Function<EdgeStore, Future<?>> run) {}

  private static final List<Write> WRITES = List.of(
      new Write("create", s -> s.put("notes", "new", new JsonObject().put("v", 1))),
      new Write("update of a pending record", s -> s.put("notes", "p", new JsonObject().put("v", 2).put("w", 1))),
      new Write("update of a synced record", s -> s.put("notes", "s", new JsonObject().put("v", 3))),
      new Write("bulk", s -> s.putAll("notes", List.of(new EdgeStore.BulkItem("p", new JsonObject().put("v", 4)),
          new EdgeStore.BulkItem("s", new JsonObject().put("v", 5)),
          new EdgeStore.BulkItem("new2", new JsonObject().put("v", 6))))),
      new Write("delete of a pending record", s -> s.delete("notes", "p")),
      new Write("delete of a synced record", s -> s.delete("notes", "s")),
      new Write("recreate over a pending deletion", s -> s.put("notes", "p", new JsonObject().put("v", 7))));

  /** Thrown by the test seam at the chosen step. */
  private static final class InjectedFault extends RuntimeException {
    InjectedFault(int step) {
      super("injected at step " + step);
    }
  }

  @Test
  void aWriteFailedAtAnyStepLeavesTheStoreAsItWas() throws IOException {
    Path data = dir.resolve("data");
    int copies = 0;
    try (EdgeStore store = StoreFixture.open(data, Durability.COMMIT)) {
      StoreFixture.await(store.put("notes", "s", new JsonObject().put("v", 0).put("gone", true)));
      StoreFixture.ackAll(store, new long[] {0});
      StoreFixture.await(store.put("notes", "p", new JsonObject().put("v", 0)));
      for (Write write : WRITES) {
        int steps = 0;
        for (int failAt = 1; ; failAt++) {
          Map<String, String> before = DamagedStoreTest.raw(store);
          int[] step = {0};
          int target = failAt;
          store.beforeEachStep(() -> {
            if (++step[0] == target) {
              throw new InjectedFault(target);
            }
          });
          boolean failed;
          try {
            StoreFixture.await(write.run().apply(store));
            failed = false;
          } catch (InjectedFault e) {
            failed = true;
          } finally {
            store.beforeEachStep(() -> { });
          }
          if (!failed) {
            steps = failAt - 1;
            break;
          }
          String what = write.name() + " failed at step " + failAt;
          assertEquals(before, DamagedStoreTest.raw(store), what + ": the store");
          Path crash = StoreFixture.copy(data, dir.resolve("crash-" + copies++));
          try (EdgeStore replayed = StoreFixture.open(crash, Durability.COMMIT)) {
            assertEquals(before, DamagedStoreTest.raw(replayed), what + ": a copy taken then, replayed");
          }
        }
        // seq, the log entry (and the pending one it replaces), the record, the journal record, the commit
        assertTrue(steps >= 4, write.name() + " has " + steps + " steps");
      }
    }
  }

  /**
   * The first write of a fresh store opens its hub's log; its commit fails and is rolled back, which closes that
   * map: the next write must not find the closed handle ("map is closed" for every later write).
   */
  @Test
  void aFailedFirstCommitLeavesTheStoreWritable() {
    try (EdgeStore store = StoreFixture.open(dir.resolve("data"), Durability.COMMIT)) {
      int[] step = {0};
      store.beforeEachStep(() -> {
        if (++step[0] == 5) { // sequence, log entry, record, journal record, then the commit
          throw new InjectedFault(5);
        }
      });
      assertThrows(InjectedFault.class, () -> StoreFixture.await(store.put("notes", "a", new JsonObject())));
      store.beforeEachStep(() -> { });
      StoreFixture.await(store.put("notes", "b", new JsonObject().put("v", 1)));
      assertEquals(1, store.pending("central"));
      assertTrue(StoreFixture.await(store.get("notes", "a")).isEmpty());
    }
  }

  @Test
  void aBulkWithARefusedItemLeavesNoneOfItsItems() {
    Path data = dir.resolve("data");
    try (EdgeStore store = StoreFixture.open(data, Durability.COMMIT)) {
      StoreFixture.await(store.put("notes", "a", new JsonObject().put("v", 1)));
      StoreFixture.await(store.put("notes", "b", new JsonObject().put("v", 1)));
    }
    DamagedStoreTest.plant(data, mv -> DamagedStoreTest.damageRecord(mv, "notes", "b"));
    try (EdgeStore store = StoreFixture.open(data, Durability.COMMIT)) {
      Map<String, String> before = DamagedStoreTest.raw(store);
      OutpostException e = assertThrows(OutpostException.class, () -> StoreFixture.await(store.putAll("notes",
          List.of(new EdgeStore.BulkItem("a", new JsonObject().put("v", 2)),
              new EdgeStore.BulkItem("c", new JsonObject().put("v", 2)),
              new EdgeStore.BulkItem("b", new JsonObject().put("v", 2))))));
      assertEquals(ErrorCode.STORE_DAMAGED, e.code());
      assertTrue(e.getMessage().startsWith("items[2]: "), e.getMessage());
      assertEquals(before, DamagedStoreTest.raw(store), "the items before the refused one were put back");
    }
  }

}
