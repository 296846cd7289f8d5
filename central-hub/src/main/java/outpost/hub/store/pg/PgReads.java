package outpost.hub.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.hub.store.AuditEntry;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.PullPage;
import outpost.hub.store.StoredRecord;

/** The read side of the PostgreSQL store: pulls, lag, single records, listings, conflicts, audit. */
final class PgReads {
  /*
   * A site's scope is two owners: '' (shared records) and the site itself. Each is one range of the
   * (owner, version) index, so the page merges two ordered, limited range scans and the count adds
   * two index-only range counts; an OR of the owners would scan the whole version range instead.
   * "$2 <> ''" keeps a hub-side pull (site "") from reading the shared range twice.
   */
  private static final String BRANCH = " FROM records WHERE owner = %s AND version > $1 AND collection = ANY($3)";
  private static final String PAGE = "SELECT " + PgRows.RECORD_COLUMNS + " FROM ("
      + "(SELECT " + PgRows.RECORD_COLUMNS + BRANCH.formatted("''") + " ORDER BY version LIMIT $4) UNION ALL "
      + "(SELECT " + PgRows.RECORD_COLUMNS + BRANCH.formatted("$2") + " AND $2 <> '' ORDER BY version LIMIT $4)"
      + ") AS page ORDER BY version LIMIT $4";
  private static final String COUNT = "SELECT (SELECT count(*)" + BRANCH.formatted("''") + ") + (SELECT count(*)"
      + BRANCH.formatted("$2") + " AND $2 <> '')";
  private static final String DIGESTS = "SELECT owner, collection, count, hash FROM digests "
      + "WHERE (owner = '' OR owner = $1) AND collection = ANY($2)";
  private static final String HEAD = "SELECT head FROM hub_head WHERE id = 1";

  private final Pool pool;
  private final Catalog catalog;

  PgReads(Pool pool, Catalog catalog) {
    this.pool = pool;
    this.catalog = catalog;
  }

  /**
   * One page of a pull. Page, remaining count, head and digests come from one REPEATABLE READ
   * snapshot, so the digests describe exactly the state the cursor reaches; the four queries are
   * pipelined into one round trip.
   */
  Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit, long acknowledgedSeq) {
    return read(site, collections, cursor, limit, acknowledgedSeq).map(Snapshot::page);
  }

  /** A pull page and the head of the snapshot it was read in. */
  record Snapshot(PullPage page, long head) {}

  /** {@link #pull} that also answers the snapshot's head, by which a replica's page is judged. */
  Future<Snapshot> read(String site, Set<String> collections, long cursor, int limit, long acknowledgedSeq) {
    String[] names = names(collections);
    return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute().compose(v -> {
          Future<List<StoredRecord>> page = conn.preparedQuery(PAGE)
              .execute(Tuple.of(cursor, site, names, limit)).map(PgReads::records);
          Future<Long> inScope = conn.preparedQuery(COUNT).execute(Tuple.of(cursor, site, names))
              .map(rows -> rows.iterator().next().getLong(0));
          Future<Long> head = conn.preparedQuery(HEAD).execute().map(rows -> rows.iterator().next().getLong(0));
          // Not Tuple.of(site, names): that overload would spread the array into separate parameters.
          Future<RowSet<Row>> digestRows = conn.preparedQuery(DIGESTS)
              .execute(Tuple.tuple().addValue(site).addArrayOfString(names));
          return Future.all(page, inScope, head, digestRows).map(all -> {
            List<StoredRecord> scanned = page.result();
            // Records the site already holds are left out here rather than in SQL: the count stays an
            // index-only range count, and the cursor moves past them all the same.
            List<StoredRecord> records = scanned.stream().filter(r -> !r.heldBy(site, acknowledgedSeq)).toList();
            long remaining = inScope.result() - scanned.size();
            if (remaining > 0) {
              long after = scanned.isEmpty() ? cursor : scanned.get(scanned.size() - 1).version();
              return new Snapshot(new PullPage(records, after, remaining, false, Map.of()), head.result());
            }
            // Everything in scope up to head is in this snapshot: the cursor may jump to head.
            return new Snapshot(new PullPage(records, Math.max(cursor, head.result()), 0, true,
                digests(names, digestRows.result())), head.result());
          });
        }));
  }

  Future<Long> lag(String site, long cursor) {
    return pool.preparedQuery(COUNT).execute(Tuple.of(cursor, site, names(Set.of())))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Long> head() {
    return pool.preparedQuery(HEAD).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Optional<StoredRecord>> get(RecordKey key) {
    return pool.preparedQuery("SELECT " + PgRows.RECORD_COLUMNS + " FROM records WHERE collection = $1 AND id = $2")
        .execute(Tuple.of(key.collection(), key.id()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(PgRows.record(rows.iterator().next())));
  }

  Future<List<StoredRecord>> list(String collection, String afterId, int limit) {
    return pool.preparedQuery("SELECT " + PgRows.RECORD_COLUMNS + " FROM records "
            + "WHERE collection = $1 AND id > $2 AND NOT deleted ORDER BY id LIMIT $3")
        .execute(Tuple.of(collection, afterId == null ? "" : afterId, limit)).map(PgReads::records);
  }

  Future<List<ConflictEntry>> conflicts() {
    return pool.preparedQuery("SELECT json FROM conflicts ORDER BY detected_at, collection, id, site").execute()
        .map(PgReads::conflicts);
  }

  Future<List<ConflictEntry>> conflicts(RecordKey key) {
    return pool.preparedQuery("SELECT json FROM conflicts WHERE collection = $1 AND id = $2 ORDER BY detected_at, site")
        .execute(Tuple.of(key.collection(), key.id())).map(PgReads::conflicts);
  }

  Future<List<AuditEntry>> audit(RecordKey key) {
    return pool.preparedQuery("SELECT json FROM audit WHERE collection = $1 AND id = $2 ORDER BY seq")
        .execute(Tuple.of(key.collection(), key.id())).map(rows -> {
          List<AuditEntry> entries = new ArrayList<>(rows.size());
          rows.forEach(row -> entries.add(AuditEntry.fromJson(row.getJsonObject("json"))));
          return entries;
        });
  }

  /** The requested collections, or every collection of the catalog when none is named. */
  private String[] names(Set<String> collections) {
    return collections == null || collections.isEmpty()
        ? catalog.all().stream().map(CollectionRule::name).toArray(String[]::new)
        : collections.stream().sorted().toArray(String[]::new);
  }

  /** A site's digest of a collection combines the shared slot ('') and its own slot. */
  private static Map<String, ScopeDigest> digests(String[] names, RowSet<Row> rows) {
    Map<String, ScopeDigest> byCollection = new HashMap<>();
    for (String name : names) {
      byCollection.put(name, ScopeDigest.EMPTY);
    }
    for (Row row : rows) {
      byCollection.merge(row.getString("collection"),
          new ScopeDigest(row.getLong("count"), row.getLong("hash")), ScopeDigest::combine);
    }
    return byCollection;
  }

  private static List<StoredRecord> records(RowSet<Row> rows) {
    List<StoredRecord> records = new ArrayList<>(rows.size());
    rows.forEach(row -> records.add(PgRows.record(row)));
    return records;
  }

  private static List<ConflictEntry> conflicts(RowSet<Row> rows) {
    List<ConflictEntry> entries = new ArrayList<>(rows.size());
    rows.forEach(row -> entries.add(PgRows.conflict(row)));
    return entries;
  }
}
