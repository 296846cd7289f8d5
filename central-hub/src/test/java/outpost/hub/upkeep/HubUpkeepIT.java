package outpost.hub.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static outpost.hub.store.Await.result;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.RecordKey;
import outpost.common.merge.ChangeOp;
import outpost.common.upkeep.Compaction;
import outpost.common.upkeep.Upkeep;
import outpost.hub.ingest.TestHub;
import outpost.hub.store.Changes;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.embedded.EmbeddedHubStore;

/** The hub's upkeep on a real embedded store: run retention in batches, and scheduled compaction of hub.mv.db. */
class HubUpkeepIT {
  private static final String PAD = "x".repeat(400);

  @TempDir
  Path dir;

  @Test
  void runsOlderThanHistoryDaysAreRemovedABatchAtATimeAndNewerOnesKept() {
    Vertx vertx = Vertx.vertx();
    EmbeddedHubStore store = new EmbeddedHubStore(vertx, dir, Changes.CATALOG, false);
    try {
      result(store.open());
      result(store.addSite(SiteRecord.create("site-a", "hash", 0)));
      Instant now = Instant.parse("2025-03-01T12:00:00Z");
      long old = now.minus(Duration.ofDays(40)).toEpochMilli();
      int oldRuns = HubUpkeep.PURGE_BATCH * 2 + 17;
      List<Future<Void>> saved = new ArrayList<>();
      for (int i = 0; i < oldRuns; i++) {
        saved.add(store.saveRun(new HubRun("old-" + i, "site-a", old + i, old + i + 5, "COMPLETE", 1, 1, 0, 0, 0, 1,
            null)));
      }
      long recent = now.minus(Duration.ofDays(29)).toEpochMilli();
      saved.add(store.saveRun(new HubRun("recent", "site-a", recent, recent + 5, "COMPLETE", 1, 1, 0, 0, 0, 1, null)));
      result(Future.all(saved));

      Upkeep upkeep = HubUpkeep.create(vertx, store, 30, Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC),
          Compaction.Settings.DEFAULT);
      assertEquals(oldRuns, result(upkeep.runOnce()).runsRemoved());
      assertEquals(List.of("recent"), result(store.runs(null, 100)).stream().map(HubRun::syncId).toList());
      assertEquals(List.of("recent"), result(store.runs("site-a", 100)).stream().map(HubRun::syncId).toList());
      assertEquals(0, result(upkeep.runOnce()).runsRemoved());
    } finally {
      result(store.close());
      result(vertx.close());
    }
  }

  @Test
  void theHubCompactsAChurnedStoreFileOnItsOwnAndEveryRecordSurvives() throws Exception {
    Path file = dir.resolve("hub-data").resolve("hub.mv.db");
    Map<String, Integer> last = new HashMap<>();
    long peak;
    try (TestHub hub = TestHub.start(dir, new JsonObject().put("upkeepInterval", "1s"))) {
      HubStore store = hub.server.store();
      churn(store, last, 5_000, 2_000, 25);
      peak = Files.size(file);
      // Sites keep syncing meanwhile: a trickle of hub writes, whose longest wait is the stall compaction causes.
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicLong longest = new AtomicLong();
      Thread writer = new Thread(() -> {
        for (int i = 0; writing.get(); i++) {
          long t0 = System.nanoTime();
          result(store.applyBatch("", "trickle", List.of(change("t" + i % 20, i))));
          longest.accumulateAndGet(System.nanoTime() - t0, Math::max);
          sleep(20);
        }
      });
      writer.start();
      // MVStore rewrites a chunk only after its 45 s retention time: the file follows the data that much later.
      long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
      while (Files.size(file) >= peak / 2 && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      writing.set(false);
      writer.join();
      long after = Files.size(file);
      System.out.printf("hub compaction: %d -> %d bytes; longest hub write meanwhile %.1f ms%n", peak, after,
          longest.get() / 1e6);
      assertTrue(after < peak / 2, "hub.mv.db below half: " + peak + " -> " + after);
      assertTrue(longest.get() < Duration.ofSeconds(2).toNanos(), "a hub write waited " + longest.get() / 1e6 + " ms");
      verify(store, last);
    }
    Vertx vertx = Vertx.vertx();
    EmbeddedHubStore reopened = new EmbeddedHubStore(vertx, file.getParent(), Changes.CATALOG, false);
    try {
      result(reopened.open());
      verify(reopened, last);
      assertTrue(Files.size(file) < peak / 2);
    } finally {
      result(reopened.close());
      result(vertx.close());
    }
  }

  private static IncomingChange change(String id, int n) {
    JsonObject data = new JsonObject().put("n", n).put("pad", PAD);
    return new IncomingChange(0, "notes", id, ChangeOp.PUT, data, data.fieldNames(), Long.MAX_VALUE, "", "");
  }

  /** Hub-side writes in many small commits: the first batches create the records, the rest update random ones. */
  private static void churn(HubStore store, Map<String, Integer> last, int records, int batches, int perBatch) {
    Random random = new Random(7);
    int n = 0;
    for (int b = 0; b < batches; b++) {
      Set<String> ids = new LinkedHashSet<>();
      for (int i = 0; ids.size() < perBatch; i++) {
        ids.add("r" + (b < records / perBatch ? b * perBatch + i : random.nextInt(records)));
      }
      List<IncomingChange> changes = new ArrayList<>();
      for (String id : ids) {
        changes.add(change(id, ++n));
        last.put(id, n);
      }
      result(store.applyBatch("", "churn", changes));
    }
  }

  private static void verify(HubStore store, Map<String, Integer> last) {
    for (Map.Entry<String, Integer> e : last.entrySet()) {
      JsonObject data = result(store.get(new RecordKey("notes", e.getKey()))).orElseThrow(
          () -> new AssertionError(e.getKey() + " is missing")).data();
      assertEquals(e.getValue(), data.getInteger("n"), e.getKey());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
