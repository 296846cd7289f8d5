package outpost.hub.upkeep;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import outpost.common.upkeep.CompactableStore;
import outpost.common.upkeep.Compaction;
import outpost.common.upkeep.Upkeep;
import outpost.hub.store.HubStore;

/**
 * The hub store's upkeep: recorded runs older than {@code historyDays} go, a batch per store call, on either
 * store; the embedded store's {@code hub.mv.db} is compacted when worth it. Compaction steps wait while the
 * store's queue is long (many sites pushing).
 */
public final class HubUpkeep {
  /** Runs removed per store call: a large history holds the store for one batch at a time. */
  static final int PURGE_BATCH = 5_000;
  /** Batches per round: a first purge of years of history is spread over rounds. */
  static final int PURGE_BATCHES_PER_ROUND = 20;

  private HubUpkeep() {}

  public static Upkeep create(Vertx vertx, HubStore store, int historyDays, Duration interval, Clock clock,
      Compaction.Settings settings) {
    CompactableStore file = store instanceof CompactableStore c ? c : null;
    return new Upkeep(vertx, new Upkeep.Spec("hub store upkeep", historyDays, clock,
        cutoff -> purge(store, cutoff, 0, 0), file, "hub.mv.db", () -> false), interval, settings);
  }

  private static Future<Integer> purge(HubStore store, long cutoff, int batches, int removed) {
    return store.purgeRuns(cutoff, PURGE_BATCH).compose(n -> n < PURGE_BATCH || batches + 1 == PURGE_BATCHES_PER_ROUND
        ? Future.succeededFuture(removed + n) : purge(store, cutoff, batches + 1, removed + n));
  }
}
