package outpost.hub.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import outpost.hub.store.HubRun;

/**
 * Adds run parts to the runs log. Several hub replicas may record parts of one run at the same instant (a
 * run's push and pull calls can land on different replicas); a read-merge-save in Java would let one part
 * overwrite the other, so the merge is one statement: PostgreSQL runs ON CONFLICT DO UPDATE under the row's
 * lock, and {@code outpost_merge_run} (db/migration/V2) adds the part to what is stored at that moment.
 */
final class PgRuns {
  private static final String MERGE = "INSERT INTO runs (site, sync_id, started_at, json) VALUES ($1, $2, $3, $4) "
      + "ON CONFLICT (site, sync_id) DO UPDATE SET started_at = LEAST(runs.started_at, EXCLUDED.started_at), "
      + "json = outpost_merge_run(runs.json, EXCLUDED.json)";

  private final Pool pool;

  PgRuns(Pool pool) {
    this.pool = pool;
  }

  Future<Void> merge(HubRun part) {
    return pool.preparedQuery(MERGE)
        .execute(Tuple.of(part.site(), part.syncId(), part.startedAtMillis(), part.toJson())).mapEmpty();
  }
}
