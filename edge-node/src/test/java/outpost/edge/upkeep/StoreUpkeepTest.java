package outpost.edge.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.upkeep.Compaction;
import outpost.common.upkeep.Upkeep;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;
import outpost.edge.run.CollectionOutcome;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.schedule.Trigger;
import outpost.edge.store.RunHistory;

/** One upkeep round on a real store: history retention by the store's clock, and compaction while writes go on. */
class StoreUpkeepTest {
  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** A COMPLETE scheduled run that synced {@code notes}. */
  static RunResult run(String id, long startedAtMillis) {
    return new RunResult(id, Trigger.SCHEDULE, RunStatus.COMPLETE, Instant.ofEpochMilli(startedAtMillis),
        Instant.ofEpochMilli(startedAtMillis + 1000), null, List.of(), List.of(), List.of(),
        List.of(new CollectionOutcome("notes", "central", RunStatus.COMPLETE)), null, List.of());
  }

  static List<String> ids(RunHistory history) {
    return history.query(r -> true, 100).await().stream().map(RunResult::id).toList();
  }

  @Test
  void runsOlderThanHistoryDaysAreRemovedByTheStoreClockAndNewerOnesKept() {
    TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
    try (EdgeStore store = EdgeStore.open(vertx, dir, "site-a", Durability.COMMIT, c -> "central", clock)) {
      RunHistory history = new RunHistory(store);
      long now = clock.millis();
      for (var e : Map.of("old-40d", 40 * 24, "old-31d", 31 * 24, "new-29d", 29 * 24, "new-1h", 1).entrySet()) {
        history.save(run(e.getKey(), now - Duration.ofHours(e.getValue()).toMillis())).await();
      }
      Upkeep upkeep = StoreUpkeep.create(vertx, store, 30, Duration.ofMinutes(10), () -> false,
          Compaction.Settings.DEFAULT);

      assertEquals(2, upkeep.runOnce().await().runsRemoved());
      assertEquals(List.of("new-1h", "new-29d"), ids(history));
      assertTrue(history.get("old-31d").await().isEmpty(), "the id index forgets a removed run too");

      clock.advance(Duration.ofDays(2));
      assertEquals(1, upkeep.runOnce().await().runsRemoved(), "29 days + 2 is past 30 days");
      assertEquals(List.of("new-1h"), ids(history));
      assertEquals(0, upkeep.runOnce().await().runsRemoved());
    }
  }

  @Test
  void aChurnedFileShrinksBelowHalfWhileLocalWritesGoOnAndEveryRecordSurvives() throws Exception {
    Map<String, Integer> last;
    long before;
    try (EdgeStore store = EdgeStore.open(vertx, dir, "site-a", Durability.COMMIT, c -> "central",
        Clock.systemUTC())) {
      last = Churn.run(store, 20_000, 6_000, 25);
      before = store.fileSize();
      assertTrue(before > 3 * store.fileFigures().await().liveBytes(),
          "the churn leaves a file several times its live data: " + store.fileFigures().await());

      // A local writer keeps going, for a second before the round (its usual latency) and during it: its
      // longest wait in the round is the stall compaction causes.
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicLong longest = new AtomicLong();
      AtomicLong writes = new AtomicLong();
      Thread writer = new Thread(() -> {
        while (writing.get()) {
          long t0 = System.nanoTime();
          store.put("live", "w" + writes.get() % 50, new JsonObject().put("n", writes.incrementAndGet())).await();
          longest.accumulateAndGet(System.nanoTime() - t0, Math::max);
        }
      });
      try (var ch = java.nio.channels.FileChannel.open(dir.resolve(EdgeStore.FILE_NAME))) {
        ch.force(true);
      }
      writer.start();
      Thread.sleep(1000);
      long usual = longest.getAndSet(0);
      Upkeep upkeep = StoreUpkeep.create(vertx, store, 30, Duration.ofMinutes(10), () -> false,
          Compaction.Settings.DEFAULT);
      Compaction.Result round = upkeep.runOnce().await().compaction();
      writing.set(false);
      writer.join();
      long after = store.fileSize();
      System.out.printf("edge compaction: %d -> %d bytes, %d steps in %d ms (%s), longest step %d ms; %d local "
          + "writes, longest %.1f ms during the round, %.1f ms in the second before%n", before, after, round.steps(),
          round.millis(), round.stoppedBecause(), round.longestStepMillis(), writes.get(), longest.get() / 1e6,
          usual / 1e6);
      assertTrue(round.steps() > 0, "the round compacted: " + round);
      assertTrue(after < before / 2, "file below half: " + before + " -> " + after);
      assertTrue(longest.get() < Duration.ofSeconds(2).toNanos(), "a write waited " + longest.get() / 1e6 + " ms");
      assertEquals(20_000, Churn.verify(store, last));
    }
    try (EdgeStore reopened = EdgeStore.open(vertx, dir, "site-a", Durability.COMMIT, c -> "central",
        Clock.systemUTC())) {
      assertEquals(20_000, Churn.verify(reopened, last));
      assertTrue(reopened.fileSize() < before / 2);
    }
  }
}
