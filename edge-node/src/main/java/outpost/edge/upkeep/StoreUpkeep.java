package outpost.edge.upkeep;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import outpost.common.upkeep.Compaction;
import outpost.common.upkeep.Upkeep;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.RunHistory;

/**
 * The edge store's upkeep: runs older than {@code historyDays} go (by the store's clock), and
 * {@code edge.mv.db} is compacted when worth it. Compaction steps wait while a sync run is going: a run
 * writes in bursts, and its pulled batches should not queue behind a rewrite.
 */
public final class StoreUpkeep {
  private StoreUpkeep() {}

  /**
   * @param syncing whether a sync run is going now (cheap; asked before each compaction step)
   * @param settings the compaction's bounds ({@link Compaction.Settings#DEFAULT} in a node)
   */
  public static Upkeep create(Vertx vertx, EdgeStore store, int historyDays, Duration interval,
      BooleanSupplier syncing, Compaction.Settings settings) {
    RunHistory history = new RunHistory(store);
    return new Upkeep(vertx, new Upkeep.Spec("edge store upkeep", historyDays, store.clock(), history::purge, store,
        EdgeStore.FILE_NAME, syncing), interval, settings);
  }
}
