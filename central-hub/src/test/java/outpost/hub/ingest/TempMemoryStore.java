package outpost.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.*;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.hub.store.*;

/** TEMPORARY in-memory store for testing before the real stores land. Delete before the final commit. */
public final class TempMemoryStore implements HubStore {
  private final Catalog catalog;
  private final BatchApplier applier;
  private final TreeMap<RecordKey, StoredRecord> records = new TreeMap<>();
  private final Map<String, SiteRecord> sites = new TreeMap<>();
  private final Map<RecordKey, List<ConflictEntry>> conflicts = new HashMap<>();
  private final List<HubRun> runs = new ArrayList<>();
  private long head;

  public TempMemoryStore(Catalog catalog) {
    this.catalog = catalog;
    this.applier = new BatchApplier(catalog);
  }

  public Future<Void> open() { return Future.succeededFuture(); }
  public Future<Void> close() { return Future.succeededFuture(); }
  public Future<Boolean> ready() { return Future.succeededFuture(true); }

  public synchronized Future<List<ChangeOutcome>> applyBatch(String site, String syncId, List<IncomingChange> changes) {
    SiteRecord s = site.isEmpty() ? null : sites.get(site);
    Map<RecordKey, StoredRecord> loaded = new HashMap<>();
    Map<RecordKey, List<ConflictEntry>> open = new HashMap<>();
    for (IncomingChange c : changes) {
      if (records.containsKey(c.key())) loaded.put(c.key(), records.get(c.key()));
      if (conflicts.containsKey(c.key())) open.put(c.key(), conflicts.get(c.key()));
    }
    BatchPlan plan = applier.plan(new BatchApplier.Input(site, syncId, s == null ? 0 : s.lastSeq(), head,
        System.currentTimeMillis(), changes, loaded, open));
    records.putAll(plan.writes());
    for (RecordKey k : plan.conflictClears()) conflicts.remove(k);
    for (ConflictEntry e : plan.conflictUpserts()) {
      List<ConflictEntry> l = conflicts.computeIfAbsent(e.key(), k -> new ArrayList<>());
      l.removeIf(x -> x.site().equals(e.site()));
      l.add(e);
    }
    head = plan.head();
    if (s != null) sites.put(site, s.withLastSeq(plan.siteLastSeq()));
    return Future.succeededFuture(plan.outcomes());
  }

  private boolean inScope(StoredRecord r, String site, Set<String> cols) {
    if (!cols.isEmpty() && !cols.contains(r.collection())) return false;
    Optional<CollectionRule> rule = catalog.rule(r.collection());
    if (rule.isEmpty()) return false;
    return rule.get().scope() == CollectionRule.Scope.SHARED || r.owner().equals(site);
  }

  public synchronized Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit) {
    List<StoredRecord> all = records.values().stream().filter(r -> r.version() > cursor && inScope(r, site, collections))
        .sorted(Comparator.comparingLong(StoredRecord::version)).toList();
    List<StoredRecord> page = all.subList(0, Math.min(limit, all.size()));
    long after = page.isEmpty() ? Math.max(cursor, head) : page.get(page.size() - 1).version();
    boolean last = page.size() == all.size();
    if (last) after = Math.max(after, head);
    Map<String, ScopeDigest> digests = new HashMap<>();
    if (last) {
      for (StoredRecord r : records.values()) {
        if (!r.deleted() && inScope(r, site, collections)) {
          digests.merge(r.collection(), ScopeDigest.EMPTY.plus(r.collection(), r.id(), r.version()), ScopeDigest::combine);
        }
      }
    }
    return Future.succeededFuture(new PullPage(page, after, all.size() - page.size(), last, digests));
  }

  public synchronized Future<Long> head() { return Future.succeededFuture(head); }
  public synchronized Future<Optional<StoredRecord>> get(RecordKey key) { return Future.succeededFuture(Optional.ofNullable(records.get(key))); }
  public synchronized Future<List<StoredRecord>> list(String collection, String afterId, int limit) {
    return Future.succeededFuture(records.values().stream().filter(r -> r.collection().equals(collection) && !r.deleted()
        && r.id().compareTo(afterId) > 0).limit(limit).toList());
  }
  public synchronized Future<Void> addSite(SiteRecord site) { sites.put(site.id(), site); return Future.succeededFuture(); }
  public synchronized Future<Optional<SiteRecord>> site(String id) { return Future.succeededFuture(Optional.ofNullable(sites.get(id))); }
  public synchronized Future<List<SiteRecord>> sites() { return Future.succeededFuture(List.copyOf(sites.values())); }
  public synchronized Future<Void> updateSiteActivity(SiteRecord site) {
    SiteRecord old = sites.get(site.id());
    if (old != null) sites.put(site.id(), new SiteRecord(old.id(), old.tokenHash(), old.disabled(), old.createdAtMillis(),
        site.lastSeenMillis(), site.lastStatus(), site.lastSyncId(), old.lastSeq(), Math.max(old.pullCursor(), site.pullCursor())));
    return Future.succeededFuture();
  }
  public synchronized Future<Boolean> setSiteDisabled(String id, boolean disabled) {
    SiteRecord old = sites.get(id);
    if (old == null) return Future.succeededFuture(false);
    sites.put(id, old.withDisabled(disabled));
    return Future.succeededFuture(true);
  }
  public synchronized Future<Long> lag(String site, long cursor) {
    return Future.succeededFuture(records.values().stream().filter(r -> r.version() > cursor && inScope(r, site, Set.of())).count());
  }
  public synchronized Future<List<ConflictEntry>> conflicts() { return Future.succeededFuture(conflicts.values().stream().flatMap(List::stream).toList()); }
  public synchronized Future<List<ConflictEntry>> conflicts(RecordKey key) { return Future.succeededFuture(List.copyOf(conflicts.getOrDefault(key, List.of()))); }
  public synchronized Future<StoredRecord> resolve(RecordKey key, String keep, String site, JsonObject data, String actor) {
    if (!conflicts.containsKey(key)) return Future.failedFuture(new OutpostException(ErrorCode.ALREADY_RESOLVED, "none open"));
    return Future.failedFuture(new UnsupportedOperationException("temp store"));
  }
  public Future<List<AuditEntry>> audit(RecordKey key) { return Future.succeededFuture(List.of()); }
  public synchronized Future<Void> saveRun(HubRun run) { runs.removeIf(r -> r.syncId().equals(run.syncId())); runs.add(0, run); return Future.succeededFuture(); }
  public synchronized Future<List<HubRun>> runs(String site, int limit) {
    return Future.succeededFuture(runs.stream().filter(r -> site == null || site.isEmpty() || r.site().equals(site)).limit(limit).toList());
  }
  public Future<Integer> purgeTombstones(long olderThanMillis) { return Future.succeededFuture(0); }
}
