package outpost.hub.store.embedded;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.mvstore.ChunkTrimmer;
import outpost.common.upkeep.CompactableStore;
import outpost.common.upkeep.FileFigures;
import outpost.common.worker.SerialWorker;
import outpost.hub.config.Catalog;
import outpost.hub.store.AuditEntry;
import outpost.hub.store.BatchApplier;
import outpost.hub.store.BatchPlan;
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
 * The hub store in one MVStore file ({@code dataDir/hub.mv.db}). Every read and write runs on one
 * {@link SerialWorker} thread, so versions are assigned in commit order by construction, and batches
 * queued together share one commit (and one fsync when {@code fsync}). A reader never sees a version
 * before every smaller one is visible: all tasks run one after another on the same maps.
 */
public final class EmbeddedHubStore implements HubStore, CompactableStore {
  private static final int MAX_GROUP = 64;

  private final Vertx vertx;
  private final Path dataDir;
  private final Catalog catalog;
  private final boolean fsync;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile SerialWorker worker;
  private volatile HubMaps maps;
  /** Set after a failed commit: what readers saw may have been rolled back, so the store stops serving. */
  private volatile boolean broken;

  public EmbeddedHubStore(Vertx vertx, Path dataDir, Catalog catalog, boolean fsync) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.catalog = catalog;
    this.fsync = fsync;
  }

  @Override
  public Future<Void> open() {
    if (worker != null) {
      return Future.failedFuture(new IllegalStateException("hub store already opened"));
    }
    worker = new SerialWorker("hub-store-writer", vertx, new Durability(), MAX_GROUP, true);
    return worker.read(() -> {
      maps = HubMaps.open(dataDir);
      return (Void) null;
    }).recover(err -> {
      closed.set(true);
      SerialWorker w = worker;
      return vertx.executeBlocking(() -> {
        w.close();
        return (Void) null;
      }).transform(ignored -> Future.failedFuture(err));
    });
  }

  /** The one reader, so that its cache of parsed records serves every pull. Worker thread only. */
  private PullReader pullReader() {
    if (pullReader == null) {
      pullReader = new PullReader(maps, catalog);
    }
    return pullReader;
  }

  /** Commits the group on the worker thread; a failed commit rolls back and stops the store. */
  private PullReader pullReader;

  private final class Durability implements SerialWorker.Durability {
    private ChunkTrimmer trimmer;

    @Override
    public void commit() {
      if (maps == null) {
        return;
      }
      maps.store.commit();
      if (fsync) {
        maps.store.sync();
      }
      if (trimmer == null) {
        trimmer = new ChunkTrimmer(maps.store);
      }
      trimmer.afterCommit();
    }

    /** Commits before the next task once MVStore's estimate of unsaved pages passes 16 MiB. */
    @Override
    public boolean groupFull() {
      return maps != null && maps.store.getUnsavedMemory() > 16 << 20;
    }

    @Override
    public void rollback() {
      broken = true;
      if (maps != null && !maps.store.isClosed()) {
        maps.store.rollback();
        maps.forgetFeeds();
      }
    }
  }

  @Override
  public Future<Void> close() {
    if (worker == null || !closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    SerialWorker w = worker;
    return vertx.executeBlocking(() -> {
      w.close();
      HubMaps m = maps;
      if (m != null && !m.store.isClosed()) {
        m.store.close();
      }
      return null;
    });
  }

  /**
   * Drops the file as a killed process would, for crash tests that run a hub in one JVM: closed without another
   * write, so it keeps only the commits that had reached it. Every later store call fails; {@link #close()}
   * afterwards writes nothing.
   */
  public void abandon() {
    HubMaps m = maps;
    if (m != null) {
      m.store.closeImmediately();
    }
  }

  @Override
  public Future<Boolean> ready() {
    HubMaps m = maps;
    return Future.succeededFuture(!closed.get() && !broken && m != null && !m.store.isClosed());
  }

  private <T> Future<T> write(Callable<T> body) {
    return guard().compose(v -> worker.write(body));
  }

  private <T> Future<T> read(Callable<T> body) {
    return guard().compose(v -> worker.read(body));
  }

  private Future<Void> guard() {
    if (worker == null || maps == null) {
      return Future.failedFuture(new IllegalStateException("hub store is not open"));
    }
    if (broken) {
      return Future.failedFuture(new OutpostException(ErrorCode.INTERNAL_ERROR,
          "hub store stopped after a failed commit; restart the hub"));
    }
    return Future.succeededFuture();
  }

  // ---- changes

  @Override
  public Future<List<ChangeOutcome>> applyBatch(String site, String syncId, List<IncomingChange> changes) {
    return write(() -> {
      SiteRecord known = null;
      if (!site.isEmpty()) {
        known = maps.site(site);
        if (known == null) {
          throw new OutpostException(ErrorCode.AUTH_ERROR, "unknown site '" + site + "'");
        }
      }
      for (IncomingChange c : changes) {
        if (c.collection().indexOf(HubMaps.SEP) >= 0) {
          throw OutpostException.badRequest("a collection name cannot contain NUL");
        }
      }
      BatchPlan plan = plan(site, syncId, known == null ? 0 : known.lastSeq(), changes);
      new PlanWriter(maps).write(plan, known);
      return plan.outcomes();
    });
  }

  /** Loads the batch's records and open conflicts and lets {@link BatchApplier} decide. */
  private BatchPlan plan(String site, String syncId, long lastSeq, List<IncomingChange> changes) {
    Map<RecordKey, StoredRecord> records = new HashMap<>();
    Map<RecordKey, List<ConflictEntry>> conflicts = new HashMap<>();
    for (IncomingChange c : changes) {
      RecordKey key = c.key();
      if (!records.containsKey(key) && !conflicts.containsKey(key)) {
        StoredRecord rec = maps.record(key);
        if (rec != null) {
          records.put(key, rec);
        }
        List<ConflictEntry> open = maps.conflicts(key);
        conflicts.put(key, open);
      }
    }
    conflicts.values().removeIf(List::isEmpty);
    // Every number of the batch, as on PostgreSQL: a fresh push finds none, at one B-tree lookup per change.
    Map<Long, Long> origins = site.isEmpty() ? Map.of()
        : maps.origins(site, changes.stream().map(IncomingChange::originSeq).toList());
    return new BatchApplier(catalog).plan(new BatchApplier.Input(site, syncId, lastSeq, maps.head(),
        System.currentTimeMillis(), changes, records, conflicts, origins, site.isEmpty() ? 0 : maps.originsSince(site)));
  }

  @Override
  public Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit) {
    return pull(site, collections, cursor, limit, 0);
  }

  @Override
  public Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit,
      long acknowledgedSeq) {
    return read(() -> pullReader().pull(site, collections, cursor, limit, acknowledgedSeq));
  }

  @Override
  public Future<Long> head() {
    return read(() -> maps.head());
  }

  @Override
  public Future<Optional<StoredRecord>> get(RecordKey key) {
    return read(() -> Optional.ofNullable(maps.record(key)));
  }

  @Override
  public Future<List<StoredRecord>> list(String collection, String afterId, int limit) {
    return read(() -> {
      List<StoredRecord> out = new ArrayList<>();
      String prefix = RecordKey.collectionStart(collection);
      String after = afterId == null || afterId.isEmpty() ? null : new RecordKey(collection, afterId).encode();
      Iterator<String> keys = maps.records.keyIterator(after == null ? prefix : after);
      while (out.size() < limit && keys.hasNext()) {
        String key = keys.next();
        if (!key.startsWith(prefix)) {
          break;
        }
        StoredRecord rec = StoredRecord.fromJson(new JsonObject(maps.records.get(key)));
        if (!key.equals(after) && !rec.deleted() && rec.collection().equals(collection)) {
          out.add(rec);
        }
      }
      return out;
    });
  }

  // ---- sites

  @Override
  public Future<Void> addSite(SiteRecord site) {
    return write(() -> {
      if (maps.sites.containsKey(site.id())) {
        throw OutpostException.badRequest("site '" + site.id() + "' already exists");
      }
      maps.putSite(site);
      return null;
    });
  }

  @Override
  public Future<Optional<SiteRecord>> site(String id) {
    return read(() -> Optional.ofNullable(maps.site(id)));
  }

  @Override
  public Future<List<SiteRecord>> sites() {
    return read(() -> HubMaps.values(maps.sites, SiteRecord::fromJson));
  }

  @Override
  public Future<Void> updateSiteActivity(SiteRecord site) {
    return write(() -> {
      SiteRecord current = maps.site(site.id());
      if (current == null) {
        throw new OutpostException(ErrorCode.NOT_FOUND, "unknown site '" + site.id() + "'");
      }
      maps.putSite(current.withActivity(site.lastSeenMillis(), site.lastStatus(), site.lastSyncId())
          .withPullCursor(site.pullCursor()));
      return null;
    });
  }

  @Override
  public Future<Boolean> setSiteDisabled(String id, boolean disabled) {
    return updateSite(id, site -> site.withDisabled(disabled));
  }

  @Override
  public Future<Boolean> setSiteTokenHash(String id, String tokenHash) {
    return updateSite(id, site -> site.withTokenHash(tokenHash));
  }

  /** Rewrites one site's record on the worker; false when it is not registered. */
  private Future<Boolean> updateSite(String id, java.util.function.UnaryOperator<SiteRecord> change) {
    return write(() -> {
      SiteRecord current = maps.site(id);
      if (current == null) {
        return false;
      }
      maps.putSite(change.apply(current));
      return true;
    });
  }

  @Override
  public Future<Long> lag(String site, long cursor) {
    return read(() -> new PullReader(maps, catalog).lag(site, cursor));
  }

  // ---- conflicts and audit

  @Override
  public Future<List<ConflictEntry>> conflicts() {
    return read(() -> HubMaps.values(maps.conflicts, ConflictEntry::fromJson));
  }

  @Override
  public Future<List<ConflictEntry>> conflicts(RecordKey key) {
    return read(() -> maps.conflicts(key));
  }

  @Override
  public Future<StoredRecord> resolve(RecordKey key, String keep, String site, JsonObject data, String actor) {
    return write(() -> {
      Resolutions.Decision decision = Resolutions.decide(key, keep, site, data, maps.record(key),
          maps.conflicts(key));
      BatchPlan plan = plan("", "", 0, List.of(decision.change()));
      ChangeOutcome outcome = plan.outcomes().get(0);
      if (outcome.status() == ChangeOutcome.Status.REJECTED) {
        throw new OutpostException(ErrorCode.parse(outcome.code()), outcome.reason());
      }
      new PlanWriter(maps).write(Resolutions.audited(plan, actor, decision.proposal()), null);
      return plan.writes().get(key);
    });
  }

  @Override
  public Future<List<AuditEntry>> audit(RecordKey key) {
    return read(() -> {
      List<AuditEntry> out = new ArrayList<>();
      for (Map.Entry<String, String> e : HubMaps.prefix(maps.audit, key.encode() + HubMaps.SEP)) {
        AuditEntry entry = AuditEntry.fromJson(new JsonObject(e.getValue()));
        if (entry.collection().equals(key.collection()) && entry.id().equals(key.id())) {
          out.add(entry);
        }
      }
      return out;
    });
  }

  @Override
  public Future<Void> saveSiteReport(SiteReport report) {
    return write(() -> {
      maps.siteReports.put(report.site(), report.toJson().encode());
      return null;
    });
  }

  @Override
  public Future<List<SiteReport>> siteReports() {
    return read(() -> maps.siteReports.values().stream().map(j -> SiteReport.fromJson(new JsonObject(j))).toList());
  }

  // ---- runs and retention

  @Override
  public Future<Void> saveRun(HubRun run) {
    return write(() -> {
      putRun(run);
      return null;
    });
  }

  /** Read, merge and save in one task: the worker runs tasks one at a time, so no part can slip between. */
  @Override
  public Future<Void> mergeRun(HubRun part) {
    return write(() -> {
      String key = maps.runKeys.get(part.site() + HubMaps.SEP + part.syncId());
      String json = key == null ? null : maps.runs.get(key);
      putRun(json == null ? part : HubRun.fromJson(new JsonObject(json)).plus(part));
      return null;
    });
  }

  /** Read, confirm and save in one task, like {@link #mergeRun}. */
  @Override
  public Future<Boolean> confirmRun(String site, String syncId, RunConfirmation report) {
    return write(() -> {
      String key = maps.runKeys.get(site + HubMaps.SEP + syncId);
      String json = key == null ? null : maps.runs.get(key);
      if (json == null) {
        return false;
      }
      putRun(HubRun.fromJson(new JsonObject(json)).confirmedBy(report));
      return true;
    });
  }

  private void putRun(HubRun run) {
    String id = run.site() + HubMaps.SEP + run.syncId();
    String previous = maps.runKeys.get(id);
    if (previous != null) {
      maps.runs.remove(previous);
    }
    String key = HubMaps.feedKey("", run.startedAtMillis()) + HubMaps.SEP + id;
    maps.runs.put(key, run.toJson().encode());
    maps.runKeys.put(id, key);
  }

  @Override
  public Future<List<HubRun>> runs(String site, int limit) {
    return read(() -> {
      if (site != null) {
        return siteRuns(site, limit);
      }
      List<HubRun> out = new ArrayList<>();
      Iterator<String> keys = maps.runs.keyIteratorReverse(null);
      while (out.size() < limit && keys.hasNext()) {
        HubRun run = HubRun.fromJson(new JsonObject(maps.runs.get(keys.next())));
        if (site == null || site.equals(run.site())) {
          out.add(run);
        }
      }
      return out;
    });
  }

  /**
   * One site's newest runs, found through {@code runKeys} (site NUL syncId → key in {@code runs}) instead of
   * a walk over every site's runs: the run recorder asks this at the end of every call, and with 2,000 sites
   * the walk decoded thousands of runs per call on the store's only thread.
   */
  private List<HubRun> siteRuns(String site, int limit) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, String> e : HubMaps.prefix(maps.runKeys, site + HubMaps.SEP)) {
      keys.add(e.getValue());
    }
    keys.sort(Comparator.reverseOrder());
    List<HubRun> out = new ArrayList<>();
    for (String key : keys) {
      if (out.size() == limit) {
        break;
      }
      String json = maps.runs.get(key);
      HubRun run = json == null ? null : HubRun.fromJson(new JsonObject(json));
      if (run != null && site.equals(run.site())) {
        out.add(run);
      }
    }
    return out;
  }

  @Override
  public Future<Integer> purgeRuns(long beforeMillis, int max) {
    return write(() -> EmbeddedUpkeep.purgeRuns(maps, beforeMillis, max));
  }

  // ---- compaction (outpost.hub.upkeep drives it; one bounded step per writer task)

  @Override
  public Future<FileFigures> fileFigures() {
    return read(() -> EmbeddedUpkeep.figures(maps.store));
  }

  @Override
  public Future<Long> sizeBytes() {
    return fileFigures().map(FileFigures::size);
  }

  @Override
  public Future<Boolean> compactStep(int targetFillRate, int stepBytes) {
    return write(() -> EmbeddedUpkeep.compactStep(maps, targetFillRate, stepBytes));
  }

  @Override
  public int backlog() {
    SerialWorker w = worker;
    return w == null ? 0 : w.queued();
  }

}
