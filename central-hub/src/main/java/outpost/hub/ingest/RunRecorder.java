package outpost.hub.ingest;

import io.vertx.core.Future;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;

/**
 * Files the end of one push or pull call in the hub's run log and the site's activity. A run's push and
 * pull arrive as separate calls (maybe on different replicas), so each call adds its part to the run
 * stored under the same sync id ({@link HubStore#mergeRun}).
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

  /**
   * Adds the call's part to the run; {@code pullCursor} is set when a pull completed. A run's push and pull parts
   * end almost together, maybe on different replicas: the store merges each part atomically, so none is lost.
   */
  Future<Void> record(HubRun part, Long pullCursor) {
    Future<Void> done = store.mergeRun(part)
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
}
