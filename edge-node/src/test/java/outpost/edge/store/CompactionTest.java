package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log coalesces, acknowledged entries go, and the file follows the live data after compaction. */
class CompactionTest {
  @TempDir
  Path dir;

  @Test
  void tenThousandUpdatesToAHundredRecordsLeaveAHundredEntriesThenNoneAndTheFileShrinks() {
    try (EdgeStore store = StoreFixture.open(dir, Durability.COMMIT)) {
      String padding = "x".repeat(400);
      long peak = 0;
      for (int i = 0; i < 10_000; i++) {
        StoreFixture.await(store.put("notes", "r" + (i % 100),
            new JsonObject().put("n", i).put("pad", padding).put("f" + (i % 7), i)));
        peak = Math.max(peak, store.fileSize());
      }
      List<LogEntry> log = StoreFixture.await(store.readLog("central", 0, 100_000));
      assertEquals(100, log.size(), "10,000 updates to 100 records coalesce into 100 entries");
      LogEntry first = log.stream().filter(e -> e.id().equals("r0")).findFirst().orElseThrow();
      assertTrue(first.changedFields().containsAll(List.of("n", "pad", "f0", "f2")),
          "coalesced entry keeps the union of changed fields: " + first.changedFields());
      assertEquals(0, first.baseVersion(), "and the oldest base version");
      long history = 10_000L * padding.length();
      StoreFixture.ackAll(store, new long[] {0});
      assertEquals(0, store.pending("central"), "acknowledged entries are removed");
      assertTrue(StoreFixture.await(store.readLog("central", 0, 10)).isEmpty());
      long after = StoreFixture.await(store.compact());
      // The writes went to the redo journal (checkpointed into the MVStore file as it filled); compaction leaves
      // the files following the live data (100 records), not the ~4 MB of history written.
      assertTrue(after < peak, "file shrinks from its peak: " + peak + " -> " + after);
      assertTrue(after < history / 8, "file after compaction " + after + " is far below the history " + history);
      assertEquals(100, StoreFixture.await(store.list("notes", null, 1000)).items().size());
    }
  }
}
