package outpost.hub.ingest;

import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;

/**
 * Files the end of one push or pull call in the hub's run log and the site's activity. A run's push and
 * pull arrive as separate calls (maybe on different replicas), so each call merges its part into the
 * run already stored under the same sync id.
 */
final class RunRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
  private final HubStore store;

  RunRecorder(HubStore store) {
    this.store = store;
  }

  static String syncIdOr(String syncId) {
    return syncId == null || syncId.isEmpty() ? UUID.randomUUID().toString() : syncId;
  }

  /** The recordings in progress: each reads, merges and saves, so they must not interleave. */
  private Future<Void> queue = Future.succeededFuture();

  /**
   * Saves the call's part of the run; {@code pullCursor} is set when a pull completed. Parts are saved one
   * after another: a run's push and pull parts end almost together, and two interleaved read-merge-saves
   * would lose one part (its counts, conflicts included).
   */
  synchronized Future<Void> record(HubRun part, Long pullCursor) {
    Future<Void> done = queue.transform(ignored -> save(part, pullCursor));
    queue = done;
    return done;
  }

  private Future<Void> save(HubRun part, Long pullCursor) {
    Future<Void> done = store.runs(part.site(), 50)
        .compose(runs -> store.saveRun(merge(find(runs, part.syncId()), part)))
        .compose(v -> store.site(part.site()))
        .compose(site -> {
          if (site.isEmpty()) {
            return Future.succeededFuture();
          }
          var next = site.get().withActivity(part.finishedAtMillis(), part.status(), part.syncId());
          return store.updateSiteActivity(pullCursor == null ? next : next.withPullCursor(pullCursor));
        });
    // The call itself has ended; a failure here loses bookkeeping, not data, so it is logged, not thrown.
    return done.onFailure(e -> LOG.warn("could not record run {} of site {}: {}", part.syncId(), part.site(),
        e.toString()));
  }

  private static HubRun find(List<HubRun> runs, String syncId) {
    return runs.stream().filter(r -> r.syncId().equals(syncId)).findFirst().orElse(null);
  }

  static HubRun merge(HubRun old, HubRun part) {
    if (old == null) {
      return part;
    }
    String error = part.error().isEmpty() ? old.error() : part.error();
    return new HubRun(part.syncId(), part.site(), Math.min(old.startedAtMillis(), part.startedAtMillis()),
        Math.max(old.finishedAtMillis(), part.finishedAtMillis()), worse(old.status(), part.status()),
        old.pushed() + part.pushed(), old.applied() + part.applied(), old.conflicts() + part.conflicts(),
        old.rejected() + part.rejected(), old.duplicates() + part.duplicates(), old.pulled() + part.pulled(),
        error);
  }

  private static String worse(String a, String b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(String status) {
    return switch (status) {
      case "FAILED" -> 3;
      case "PARTIAL" -> 2;
      case "COMPLETE" -> 1;
      default -> 0;
    };
  }
}
