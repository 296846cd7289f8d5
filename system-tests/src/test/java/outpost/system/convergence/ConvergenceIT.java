package outpost.system.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.fixture.Await;

/**
 * 1 hub, 3 edges, 500 records of the shared "notes" collection, 5,000 random offline writes with random
 * syncs, per seed. The number of conflicts the hub flags must equal what the reference model predicts,
 * push by push, and once every conflict is resolved by a fixed policy every copy must be identical.
 *
 * <p>{@code -Doutpost.convergence.seeds=N} runs N random seeds (default {@value #DEFAULT_SEEDS}, about
 * 5-8 s each on the 2-core machine); {@code -Doutpost.seed=S} replays one seed. Every failure message starts
 * with {@code seed=S}. {@code -Doutpost.convergence.resolvePerMille=P} also resolves conflicts while the
 * writes go on (off by default: it shows the known gap of docs/conflicts.md §4).
 */
class ConvergenceIT {
  static final int DEFAULT_SEEDS = 6;
  static final int WRITES = 5_000;
  /** Chance per step (in 1/1000) that a random edge syncs instead of a write: about 30 syncs a seed. */
  static final int SYNC_PER_MILLE = 6;

  static Vertx vertx;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    Await.of(vertx.close());
  }

  @Test
  void randomOfflineWritesConvergeAndTheHubFlagsExactlyTheConflictsTheModelPredicts() {
    List<Long> seeds = seeds();
    long started = System.nanoTime();
    long conflicts = 0;
    for (long seed : seeds) {
      SeedRun.Result result;
      try (SeedRun run = new SeedRun(vertx, tmp.resolve("seed-" + Long.toUnsignedString(seed)), seed)) {
        result = run.run(WRITES, SYNC_PER_MILLE, Integer.getInteger("outpost.convergence.resolvePerMille", 0));
        assertEquals(result.conflicts(), run.conflictsSeen(), "seed=" + seed + ": conflicts answered to the edges");
        assertEquals(result.conflicts(), run.hubRunConflicts(result.conflicts()),
            "seed=" + seed + ": conflicts counted in the hub's run log");
      }
      conflicts += result.conflicts();
      System.out.printf("convergence seed=%d writes=%d syncs=%d conflicts=%d (model=hub) resolved=%d ms=%d"
          + " (in syncs %d)%n", seed, result.writes(), result.syncs(), result.conflicts(), result.resolved(),
          result.millis(), result.syncMillis());
    }
    System.out.printf("convergence: %d seeds, %d conflicts flagged and predicted, %d ms%n", seeds.size(),
        conflicts, (System.nanoTime() - started) / 1_000_000);
    assertTrue(conflicts > 0, "the workload must produce conflicts, or the test shows nothing");
  }

  private static List<Long> seeds() {
    String replay = System.getProperty("outpost.seed");
    if (replay != null && !replay.isBlank()) {
      return List.of(Long.parseLong(replay.trim()));
    }
    int count = Integer.getInteger("outpost.convergence.seeds", DEFAULT_SEEDS);
    SplittableRandom master = new SplittableRandom();
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(master.nextLong() & Long.MAX_VALUE);
    }
    return out;
  }
}
