package outpost.hub.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.hub.store.HubRun;
import outpost.hub.store.SiteRecord;

/**
 * The site registry and the runs log. These writes never take the head lock: they assign no version,
 * and {@code last_seq} is written only by the batch path (inside its lock), never here.
 */
final class PgSites {
  private final Pool pool;

  PgSites(Pool pool) {
    this.pool = pool;
  }

  Future<Void> add(SiteRecord s) {
    return pool.preparedQuery("INSERT INTO sites (" + PgRows.SITE_COLUMNS + ") "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING")
        .execute(Tuple.tuple().addValue(s.id()).addValue(s.tokenHash()).addValue(s.disabled())
            .addValue(s.createdAtMillis()).addValue(s.lastSeenMillis()).addValue(s.lastStatus())
            .addValue(s.lastSyncId()).addValue(s.lastSeq()).addValue(s.pullCursor()))
        .compose(r -> r.rowCount() == 1 ? Future.succeededFuture()
            : Future.failedFuture(OutpostException.badRequest("site '" + s.id() + "' already exists")));
  }

  Future<Optional<SiteRecord>> get(String id) {
    return pool.preparedQuery("SELECT " + PgRows.SITE_COLUMNS + " FROM sites WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(PgRows.site(rows.iterator().next())));
  }

  Future<List<SiteRecord>> all() {
    return pool.query("SELECT " + PgRows.SITE_COLUMNS + " FROM sites ORDER BY id").execute().map(rows -> {
      List<SiteRecord> sites = new ArrayList<>(rows.size());
      rows.forEach(row -> sites.add(PgRows.site(row)));
      return sites;
    });
  }

  /** Activity only; the pull cursor never moves back (a slow, stale run cannot rewind it). */
  Future<Void> updateActivity(SiteRecord s) {
    return pool.preparedQuery("UPDATE sites SET last_seen = $2, last_status = $3, last_sync_id = $4, "
            + "pull_cursor = GREATEST(pull_cursor, $5) WHERE id = $1")
        .execute(Tuple.of(s.id(), s.lastSeenMillis(), s.lastStatus(), s.lastSyncId(), s.pullCursor()))
        .compose(r -> r.rowCount() == 1 ? Future.succeededFuture()
            : Future.failedFuture(
                new OutpostException(ErrorCode.NOT_FOUND, "site '" + s.id() + "' is not registered")));
  }

  Future<Boolean> setDisabled(String id, boolean disabled) {
    return pool.preparedQuery("UPDATE sites SET disabled = $2 WHERE id = $1").execute(Tuple.of(id, disabled))
        .map(r -> r.rowCount() == 1);
  }

  Future<Boolean> setTokenHash(String id, String tokenHash) {
    return pool.preparedQuery("UPDATE sites SET token_hash = $2 WHERE id = $1").execute(Tuple.of(id, tokenHash))
        .map(r -> r.rowCount() == 1);
  }

  Future<Void> saveRun(HubRun run) {
    return pool.preparedQuery("INSERT INTO runs (site, sync_id, started_at, json) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT (site, sync_id) DO UPDATE SET started_at = EXCLUDED.started_at, json = EXCLUDED.json")
        .execute(Tuple.of(run.site(), run.syncId(), run.startedAtMillis(), run.toJson())).mapEmpty();
  }

  Future<Integer> purgeRuns(long beforeMillis, int max) {
    return pool.preparedQuery("DELETE FROM runs WHERE (site, sync_id) IN (SELECT site, sync_id FROM runs "
            + "WHERE started_at < $1 ORDER BY started_at LIMIT $2)")
        .execute(Tuple.of(beforeMillis, max)).map(r -> r.rowCount());
  }

  /** The newest runs first; all sites when {@code site} is null or "". */
  Future<List<HubRun>> runs(String site, int limit) {
    return pool.preparedQuery("SELECT json FROM runs WHERE ($1 = '' OR site = $1) "
            + "ORDER BY started_at DESC, sync_id LIMIT $2")
        .execute(Tuple.of(site == null ? "" : site, limit)).map(rows -> {
          List<HubRun> runs = new ArrayList<>(rows.size());
          rows.forEach(row -> runs.add(HubRun.fromJson(row.getJsonObject("json"))));
          return runs;
        });
  }
}
