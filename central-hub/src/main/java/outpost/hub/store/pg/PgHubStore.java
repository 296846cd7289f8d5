package outpost.hub.store.pg;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.hub.config.Catalog;
import outpost.hub.store.AuditEntry;
import outpost.hub.store.BatchApplier;
import outpost.common.sync.ChangeOutcome;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.HubRun;
import outpost.hub.store.RunConfirmation;
import outpost.hub.store.HubStore;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.PullPage;
import outpost.hub.store.Resolutions;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.SiteReport;
import outpost.hub.store.StoredRecord;

/**
 * The hub store on PostgreSQL (vertx-pg-client). It holds no state of its own beyond a small pool,
 * so several hub replicas can serve from one database: versions are numbered under a row lock in the
 * database (see {@link PgApply}), and every batch is one transaction. Failures surface as
 * {@link OutpostException}: CONNECTION_ERROR when the server cannot be reached, else INTERNAL_ERROR.
 * With a read replica, pull pages are read from it ({@link ReplicaPulls}) and everything else from
 * the primary.
 */
public final class PgHubStore implements HubStore {
  /** Small on purpose: writers serialize on the head lock anyway; readers and the admin API share the rest. */
  public static final int POOL_SIZE = 4;
  /** How long opening a connection to the read replica may take before the replica is set aside. */
  static final Duration REPLICA_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final Vertx vertx;
  private final Pool pool;
  private final PgApply writes;
  private final PgReads reads;
  private final PgSites sites;
  private final PgRuns runLog;
  /** Where pull pages are read when a read replica is configured; null when pulls use the primary. */
  private final ReplicaPulls replica;

  /**
   * @param pgUrl e.g. {@code postgresql://postgres@127.0.0.1:5432/outpost}; {@code ?search_path=...}
   *     selects a schema
   */
  public PgHubStore(Vertx vertx, String pgUrl, Catalog catalog) {
    this(vertx, pgUrl, null, Duration.ZERO, catalog);
  }

  /**
   * @param pgReadUrl a streaming replica of {@code pgUrl}'s database that serves pull pages, or null;
   *     everything else (pushes, the admin API, sites, runs) uses the primary
   * @param maxLag how long a pull waits for the replica's replay before it reads from the primary
   */
  public PgHubStore(Vertx vertx, String pgUrl, String pgReadUrl, Duration maxLag, Catalog catalog) {
    this.vertx = vertx;
    this.pool = pool(vertx, pgUrl, false);
    this.writes = new PgApply(pool, new BatchApplier(catalog));
    this.reads = new PgReads(pool, catalog);
    this.sites = new PgSites(pool);
    this.runLog = new PgRuns(pool);
    if (pgReadUrl == null) {
      this.replica = null;
    } else {
      Pool replicaPool = pool(vertx, pgReadUrl, true);
      this.replica = new ReplicaPulls(vertx, replicaPool, new PgReads(replicaPool, catalog), maxLag);
    }
  }

  private static Pool pool(Vertx vertx, String url, boolean readReplica) {
    String field = readReplica ? "pgReadUrl" : "pgUrl";
    PgConnectOptions connect;
    try {
      connect = PgConnectOptions.fromUri(url);
    } catch (IllegalArgumentException e) {
      throw OutpostException.badRequest(field + " '" + url + "' is not a PostgreSQL URL: " + e.getMessage());
    }
    connect.setCachePreparedStatements(true);
    // Statements are prepared once per connection; plan each execution for its own values, so that a
    // pull picks the index that fits this site's share of the records (planning costs ~0.2 ms).
    connect.getProperties().putIfAbsent("plan_cache_mode", "force_custom_plan");
    var builder = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(POOL_SIZE).setName(readReplica ? "outpost-hub-pg-read" : "outpost-hub-pg"));
    if (readReplica) {
      // A replica that cannot be reached must not hold a pull for long before it falls back to the primary.
      builder.with(new NetClientOptions().setConnectTimeout((int) REPLICA_CONNECT_TIMEOUT.toMillis()));
    }
    return builder.connectingTo(connect).using(vertx).build();
  }

  /** Registers the store's own meters: the read replica's routing, when there is one. */
  public void bindMetrics(MeterRegistry registry) {
    if (replica != null) {
      replica.bind(registry);
    }
  }

  @Override
  public Future<Void> open() {
    return guard(PgMigrations.migrate(vertx, pool).mapEmpty());
  }

  @Override
  public Future<Void> close() {
    return replica == null ? pool.close() : Future.all(pool.close(), replica.close()).mapEmpty();
  }

  @Override
  public Future<Boolean> ready() {
    return pool.query("SELECT 1").execute().map(true).otherwise(false);
  }

  @Override
  public Future<List<ChangeOutcome>> applyBatch(String site, String syncId, List<IncomingChange> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Set<RecordKey> keys = new LinkedHashSet<>();
    changes.forEach(c -> keys.add(c.key()));
    Long[] seqs = changes.stream().map(IncomingChange::originSeq).toArray(Long[]::new);
    return guard(writes.apply(site == null ? "" : site, syncId, keys, seqs,
        (records, open, planner) -> planner.apply(changes)).map(plan -> plan.outcomes()));
  }

  @Override
  public Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit) {
    return pull(site, collections, cursor, limit, 0L);
  }

  @Override
  public Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit,
      long acknowledgedSeq) {
    return guard(reads.pull(site, collections, cursor, limit, acknowledgedSeq));
  }

  @Override
  public boolean pullsFromReplica() {
    return replica != null;
  }

  /** With a read replica, the primary's head: the pull's last page must come from a snapshot at least that new. */
  @Override
  public Future<Long> pullFloor() {
    return replica == null ? Future.succeededFuture(0L) : head();
  }

  @Override
  public Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit, long acknowledgedSeq,
      long floor) {
    if (replica == null) {
      return pull(site, collections, cursor, limit, acknowledgedSeq);
    }
    return guard(replica.pull(reads, site, collections, cursor, limit, acknowledgedSeq, floor));
  }

  @Override
  public Future<Long> head() {
    return guard(reads.head());
  }

  @Override
  public Future<Optional<StoredRecord>> get(RecordKey key) {
    return guard(reads.get(key));
  }

  @Override
  public Future<List<StoredRecord>> list(String collection, String afterId, int limit) {
    return guard(reads.list(collection, afterId, limit));
  }

  @Override
  public Future<Void> addSite(SiteRecord site) {
    return guard(sites.add(site));
  }

  @Override
  public Future<Optional<SiteRecord>> site(String id) {
    return guard(sites.get(id));
  }

  @Override
  public Future<List<SiteRecord>> sites() {
    return guard(sites.all());
  }

  @Override
  public Future<Void> updateSiteActivity(SiteRecord site) {
    return guard(sites.updateActivity(site));
  }

  @Override
  public Future<Boolean> setSiteDisabled(String id, boolean disabled) {
    return guard(sites.setDisabled(id, disabled));
  }

  @Override
  public Future<Boolean> setSiteTokenHash(String id, String tokenHash) {
    return guard(sites.setTokenHash(id, tokenHash));
  }

  @Override
  public Future<Long> lag(String site, long cursor) {
    return guard(reads.lag(site, cursor));
  }

  @Override
  public Future<List<ConflictEntry>> conflicts() {
    return guard(reads.conflicts());
  }

  @Override
  public Future<List<ConflictEntry>> conflicts(RecordKey key) {
    return guard(reads.conflicts(key));
  }

  /**
   * The decision becomes an ordinary hub-side change, built from the record and conflicts loaded
   * under the head lock and applied in the same transaction (so it cannot act on a stale value).
   */
  @Override
  public Future<StoredRecord> resolve(RecordKey key, String keep, String site, JsonObject data, String actor) {
    return guard(writes.apply("", "", Set.of(key), new Long[0], (records, open, planner) -> {
      Resolutions.Decision decision = Resolutions.decide(key, keep, site, data, records.get(key),
          open.getOrDefault(key, List.of()));
      return Resolutions.audited(planner.apply(List.of(decision.change())), actor, decision.proposal());
    }).map(plan -> {
          StoredRecord written = plan.writes().get(key);
          if (written == null) {
            ChangeOutcome outcome = plan.outcomes().get(0);
            throw new OutpostException(ErrorCode.parse(outcome.code()), outcome.reason());
          }
          return written;
        }));
  }

  @Override
  public Future<List<AuditEntry>> audit(RecordKey key) {
    return guard(reads.audit(key));
  }

  @Override
  public Future<Void> saveRun(HubRun run) {
    return guard(sites.saveRun(run));
  }

  @Override
  public Future<Void> mergeRun(HubRun part) {
    return guard(runLog.merge(part));
  }

  @Override
  public Future<Boolean> confirmRun(String site, String syncId, RunConfirmation report) {
    return guard(runLog.confirm(site, syncId, report));
  }

  @Override
  public Future<List<HubRun>> runs(String site, int limit) {
    return guard(sites.runs(site, limit));
  }

  @Override
  public Future<Integer> purgeRuns(long beforeMillis, int max) {
    return guard(sites.purgeRuns(beforeMillis, max));
  }

  @Override
  public Future<Void> saveSiteReport(SiteReport report) {
    return guard(pool.preparedQuery("INSERT INTO site_reports (site, received_at, json) VALUES ($1, $2, $3) "
            + "ON CONFLICT (site) DO UPDATE SET received_at = EXCLUDED.received_at, json = EXCLUDED.json")
        .execute(Tuple.of(report.site(), report.receivedAtMillis(), report.toJson())).mapEmpty());
  }

  @Override
  public Future<List<SiteReport>> siteReports() {
    return guard(pool.query("SELECT json FROM site_reports ORDER BY site").execute().map(rows -> {
      List<SiteReport> out = new java.util.ArrayList<>(rows.size());
      rows.forEach(row -> out.add(SiteReport.fromJson(row.getJsonObject("json"))));
      return out;
    }));
  }

  @Override
  public Future<Long> sizeBytes() {
    // The hub's own tables only: the database may hold other schemas (other hubs, other applications).
    return guard(pool.query("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'")
        .execute().map(rows -> rows.iterator().next().getLong(0)));
  }

  private static <T> Future<T> guard(Future<T> future) {
    return future.recover(PgErrors::fail);
  }
}
