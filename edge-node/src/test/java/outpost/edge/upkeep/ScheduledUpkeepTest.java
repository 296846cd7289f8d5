package outpost.edge.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.embed.EmbeddedEdge;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.RunHistory;

/** A running node schedules its upkeep by itself: old runs go, and a churned file shrinks and reopens. */
class ScheduledUpkeepTest {
  @TempDir
  Path dir;

  private EmbeddedEdge start() {
    return EmbeddedEdge.builder("site-a").dataDir(dir).set("upkeepInterval", 1).start().await();
  }

  private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(100);
    }
  }

  @Test
  void theNodeRemovesRunsOlderThanHistoryDaysOnItsOwn() throws Exception {
    try (EmbeddedEdge edge = start()) {
      RunHistory history = new RunHistory(edge.node().store());
      long now = System.currentTimeMillis();
      history.save(StoreUpkeepTest.run("old", now - Duration.ofDays(31).toMillis())).await();
      history.save(StoreUpkeepTest.run("recent", now - Duration.ofDays(29).toMillis())).await();
      waitFor("the old run is removed", () -> history.get("old").await().isEmpty());
      assertTrue(history.get("recent").await().isPresent(), "a run within historyDays stays");
    }
  }

  @Test
  void theNodeCompactsAChurnedFileOnItsOwnAndItReopensWithEveryRecord() throws Exception {
    Path file = dir.resolve(EdgeStore.FILE_NAME);
    Map<String, Integer> last;
    Vertx vertx = Vertx.vertx();
    try (EdgeStore store = EdgeStore.open(vertx, dir, "site-a", Durability.COMMIT, c -> "central",
        Clock.systemUTC())) {
      last = Churn.run(store, 5_000, 2_000, 25);
      // The writer's own chunk trimming keeps a churned file within ~2x its live data; deleting most records
      // leaves a file far larger than what is live, which is what the scheduled round is for.
      List<Future<Boolean>> deletes = new ArrayList<>();
      for (int i = 1_000; i < 5_000; i++) {
        deletes.add(store.delete(Churn.COLLECTION, "r" + i));
        last.remove("r" + i);
      }
      Future.all(deletes).await();
    } finally {
      vertx.close().await();
    }
    long before = Files.size(file);
    try (EmbeddedEdge edge = start()) {
      waitFor("the file is below half of " + before + " bytes", () -> size(file) < before / 2);
      assertEquals(1_000, Churn.verify(edge.node().store(), last));
      assertTrue(edge.node().store().get(Churn.COLLECTION, "r4999").await().isEmpty(), "deleted stays deleted");
    }
    Vertx again = Vertx.vertx();
    try (EdgeStore reopened = EdgeStore.open(again, dir, "site-a", Durability.COMMIT, c -> "central",
        Clock.systemUTC())) {
      assertEquals(1_000, Churn.verify(reopened, last));
      assertTrue(reopened.fileSize() < before / 2, before + " -> " + reopened.fileSize());
    } finally {
      again.close().await();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
