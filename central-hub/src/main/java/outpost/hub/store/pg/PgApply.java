package outpost.hub.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.hub.store.BatchApplier;
import outpost.hub.store.BatchPlan;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.StoredRecord;

/**
 * The write path: one transaction per batch that loads, plans (with {@link BatchApplier}) and persists.
 *
 * <p>Ordering guarantee (docs/protocol.md §4.1). A database sequence would hand out numbers at insert time,
 * and transactions commit in any order: a reader at cursor 7 could miss version 6 committing late.
 * Here every version-assigning transaction first locks the single {@code hub_head} row
 * ({@code SELECT ... FOR UPDATE}), reads the head, numbers its changes head+1.. and writes the new
 * head, then commits, which releases the lock. So transactions that assign versions run one at a
 * time across all hub replicas (the lock lives in the database), versions are gap-free, and they
 * become visible in version order: any snapshot that contains version n contains every version below
 * n. A reader that has seen n therefore never later meets a commit below n. The lock is held for the
 * three round trips of one batch (load, write, commit); readers never take it.
 *
 * <p>The queries of each phase are sent together on the transaction's connection (the client
 * pipelines them; PostgreSQL runs them in order), so the loads run after the lock is granted and
 * see the previous writer's commit (READ COMMITTED takes a fresh snapshot per statement).
 */
final class PgApply {
  /**
   * Plans a batch from what was loaded under the lock: usually just {@code applier.apply(changes)};
   * a resolution first builds its change from the current record and then amends the plan's audit.
   */
  interface Planner {
    BatchPlan plan(Map<RecordKey, StoredRecord> records, Map<RecordKey, List<ConflictEntry>> open,
        Function<List<IncomingChange>, BatchPlan> applier);
  }

  static final String LOCK_HEAD = "SELECT head FROM hub_head WHERE id = 1 FOR UPDATE";
  private static final String SITE_SEQ = "SELECT last_seq FROM sites WHERE id = $1";
  private static final String LOAD_RECORDS = "SELECT " + PgRows.RECORD_COLUMNS + " FROM records WHERE "
      + PgRows.KEYS_IN;
  private static final String LOAD_CONFLICTS = "SELECT json FROM conflicts WHERE " + PgRows.KEYS_IN;
  private static final String CLEAR_CONFLICTS = "DELETE FROM conflicts WHERE " + PgRows.KEYS_IN;
  private static final String UPSERT_CONFLICT = "INSERT INTO conflicts (collection, id, site, detected_at, json) "
      + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (collection, id, site) "
      + "DO UPDATE SET detected_at = EXCLUDED.detected_at, json = EXCLUDED.json";
  private static final String INSERT_AUDIT = "INSERT INTO audit (collection, id, json) VALUES ($1, $2, $3)";
  private static final String ADD_DIGEST = "INSERT INTO digests (owner, collection, count, hash) "
      + "VALUES ($1, $2, $3, $4) ON CONFLICT (owner, collection) "
      + "DO UPDATE SET count = digests.count + EXCLUDED.count, hash = digests.hash # EXCLUDED.hash";
  private static final String SET_HEAD = "UPDATE hub_head SET head = $1 WHERE id = 1";
  private static final String SET_SITE_SEQ = "UPDATE sites SET last_seq = $2 WHERE id = $1";
  /**
   * Digests of the batch's numbers the site already used (a fresh push finds none). Every number of the batch is
   * looked up, not only those at or below {@code last_seq}: an operator may have set that back, and a digest
   * missed here would be inserted twice.
   */
  private static final String LOAD_ORIGINS = "SELECT origin_seq, digest FROM origin_digests WHERE site = $1 "
      + "AND origin_seq = ANY($2::bigint[])";
  private static final String LOAD_ORIGINS_SINCE = "SELECT since FROM origin_digests_since WHERE site = $1";
  private static final String INSERT_ORIGINS = "INSERT INTO origin_digests (site, origin_seq, digest) "
      + "SELECT $1, s, d FROM unnest($2::bigint[], $3::bigint[]) AS t(s, d)";

  private final Pool pool;
  private final BatchApplier applier;

  PgApply(Pool pool, BatchApplier applier) {
    this.pool = pool;
    this.applier = applier;
  }

  /**
   * Runs one batch in one transaction and answers its plan once committed.
   *
   * @param site the writing site, "" for the hub itself
   * @param keys every record the batch touches
   * @param seqs the origin sequences of the batch's changes (none for a hub write)
   */
  Future<BatchPlan> apply(String site, String syncId, Collection<RecordKey> keys, Long[] seqs, Planner planner) {
    return pool.withTransaction(conn -> {
      // Phase 1, one round trip: lock the head, then read the site and every touched record.
      Future<Long> head = conn.preparedQuery(LOCK_HEAD).execute().map(rows -> rows.iterator().next().getLong(0));
      Future<Long> lastSeq = site.isEmpty() ? Future.succeededFuture(0L)
          : conn.preparedQuery(SITE_SEQ).execute(Tuple.of(site)).map(rows -> {
            if (rows.size() == 0) {
              throw new OutpostException(ErrorCode.AUTH_ERROR, "site '" + site + "' is not registered");
            }
            return rows.iterator().next().getLong(0);
          });
      Tuple keyArrays = PgRows.keyArrays(keys);
      Future<Map<RecordKey, StoredRecord>> records = conn.preparedQuery(LOAD_RECORDS).execute(keyArrays)
          .map(rows -> {
            Map<RecordKey, StoredRecord> byKey = new HashMap<>();
            for (Row row : rows) {
              StoredRecord r = PgRows.record(row);
              byKey.put(r.key(), r);
            }
            return byKey;
          });
      Future<Map<RecordKey, List<ConflictEntry>>> open = conn.preparedQuery(LOAD_CONFLICTS).execute(keyArrays)
          .map(rows -> {
            Map<RecordKey, List<ConflictEntry>> byKey = new HashMap<>();
            for (Row row : rows) {
              ConflictEntry c = PgRows.conflict(row);
              byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
            }
            return byKey;
          });
      Future<Map<Long, Long>> origins = site.isEmpty() ? Future.succeededFuture(Map.of())
          : conn.preparedQuery(LOAD_ORIGINS).execute(Tuple.tuple().addValue(site).addArrayOfLong(seqs)).map(rows -> {
            Map<Long, Long> bySeq = new HashMap<>();
            rows.forEach(row -> bySeq.put(row.getLong(0), row.getLong(1)));
            return bySeq;
          });
      Future<Long> originsSince = site.isEmpty() ? Future.succeededFuture(0L)
          : conn.preparedQuery(LOAD_ORIGINS_SINCE).execute(Tuple.of(site))
              .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
      return Future.all(List.of(head, lastSeq, records, open, origins, originsSince)).compose(all -> {
        long now = System.currentTimeMillis();
        BatchPlan plan = planner.plan(records.result(), open.result(), changes -> applier.plan(
            new BatchApplier.Input(site, syncId, lastSeq.result(), head.result(), now, changes, records.result(),
                open.result(), origins.result(), originsSince.result())));
        // Phase 2, one round trip: persist the plan; withTransaction commits when it succeeds.
        return persist(conn, site, head.result(), lastSeq.result(), plan).map(plan);
      });
    });
  }

  private static Future<Void> persist(SqlConnection conn, String site, long head, long lastSeq, BatchPlan plan) {
    List<Future<?>> steps = new ArrayList<>();
    // Clears before upserts: a batch may resolve a record's conflicts and then meet a new one on it.
    if (!plan.conflictClears().isEmpty()) {
      steps.add(conn.preparedQuery(CLEAR_CONFLICTS).execute(PgRows.keyArrays(plan.conflictClears())));
    }
    if (!plan.writes().isEmpty()) {
      steps.add(conn.preparedQuery(PgRows.UPSERT_RECORDS).execute(PgRows.recordArrays(plan.writes().values())));
    }
    if (!plan.conflictUpserts().isEmpty()) {
      steps.add(conn.preparedQuery(UPSERT_CONFLICT).executeBatch(plan.conflictUpserts().stream()
          .map(c -> Tuple.of(c.collection(), c.id(), c.site(), c.detectedAtMillis(), c.toJson())).toList()));
    }
    if (!plan.audit().isEmpty()) {
      steps.add(conn.preparedQuery(INSERT_AUDIT).executeBatch(plan.audit().stream()
          .map(a -> Tuple.of(a.collection(), a.id(), a.toJson())).toList()));
    }
    List<BatchPlan.DigestDelta> digests = plan.digestDeltas();
    if (!digests.isEmpty()) {
      steps.add(conn.preparedQuery(ADD_DIGEST).executeBatch(digests.stream()
          .map(d -> Tuple.of(d.owner(), d.collection(), d.delta().count(), d.delta().hash())).toList()));
    }
    if (plan.head() != head) {
      steps.add(conn.preparedQuery(SET_HEAD).execute(Tuple.of(plan.head())));
    }
    if (!site.isEmpty() && plan.siteLastSeq() != lastSeq) {
      steps.add(conn.preparedQuery(SET_SITE_SEQ).execute(Tuple.of(site, plan.siteLastSeq())));
    }
    if (!site.isEmpty() && !plan.origins().isEmpty()) {
      Long[] originSeqs = plan.origins().keySet().toArray(Long[]::new);
      Long[] originDigests = plan.origins().values().toArray(Long[]::new);
      steps.add(conn.preparedQuery(INSERT_ORIGINS).execute(Tuple.tuple().addValue(site).addArrayOfLong(originSeqs)
          .addArrayOfLong(originDigests)));
    }
    return Future.all(steps).mapEmpty();
  }
}
