package outpost.hub.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import outpost.hub.store.HubRun;
import outpost.hub.store.RunConfirmation;

/**
 * Adds run parts and sites' confirmations to the runs log. Several hub replicas may record parts of one run at the same instant (a
 * run's push and pull calls can land on different replicas); a read-merge-save in Java would let one part
 * overwrite the other, so the merge is one statement: PostgreSQL runs ON CONFLICT DO UPDATE under the row's
 * lock, and {@code outpost_merge_run} (db/migration/V2, V3, V5) adds the part to what is stored at that moment.
 * A confirmation is one UPDATE for the same reason ({@code outpost_confirm_run}, V5).
 */
final class PgRuns {
  private static final String MERGE = "INSERT INTO runs (site, sync_id, started_at, json) VALUES ($1, $2, $3, $4) "
      + "ON CONFLICT (site, sync_id) DO UPDATE SET started_at = LEAST(runs.started_at, EXCLUDED.started_at), "
      + "json = outpost_merge_run(runs.json, EXCLUDED.json)";

  private static final String CONFIRM = "UPDATE runs SET json = outpost_confirm_run(json, $3) "
      + "WHERE site = $1 AND sync_id = $2";

  private final Pool pool;

  PgRuns(Pool pool) {
    this.pool = pool;
  }

  Future<Void> merge(HubRun part) {
    return pool.preparedQuery(MERGE)
        .execute(Tuple.of(part.site(), part.syncId(), part.startedAtMillis(), part.toJson())).mapEmpty();
  }

  /** False when the site has no run under the sync id: nothing was updated. */
  Future<Boolean> confirm(String site, String syncId, RunConfirmation report) {
    return pool.preparedQuery(CONFIRM).execute(Tuple.of(site, syncId, report.toJson())).map(r -> r.rowCount() == 1);
  }
}
