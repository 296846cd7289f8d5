package outpost.hub.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.hub.store.AuditEntry;
import outpost.common.sync.ChangeOutcome;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.PullPage;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.SiteReport;
import outpost.hub.store.StoredRecord;

/**
 * A real store behind a switch that makes its site reads fail as an unreachable database does, or never
 * answer as a hung one does. Everything else goes to the real store unchanged.
 */
final class TroubledStore implements HubStore {
  enum Trouble { NONE, FAILING, HANGING }

  private final HubStore real;
  volatile Trouble trouble = Trouble.NONE;

  TroubledStore(HubStore real) {
    this.real = real;
  }

  private <T> Future<T> siteRead(Future<T> read) {
    return switch (trouble) {
      case NONE -> read;
      case FAILING -> Future.failedFuture(new OutpostException(ErrorCode.CONNECTION_ERROR, "the database is unreachable"));
      case HANGING -> Promise.<T>promise().future();
    };
  }

  @Override
  public Future<Optional<SiteRecord>> site(String id) {
    return trouble == Trouble.NONE ? real.site(id) : siteRead(Future.succeededFuture(Optional.empty()));
  }

  @Override
  public Future<List<SiteRecord>> sites() {
    return trouble == Trouble.NONE ? real.sites() : siteRead(Future.succeededFuture(List.of()));
  }

  @Override
  public Future<Void> saveSiteReport(SiteReport report) {
    return real.saveSiteReport(report);
  }

  @Override
  public Future<List<SiteReport>> siteReports() {
    return real.siteReports();
  }

  @Override
  public Future<Void> open() {
    return real.open();
  }

  @Override
  public Future<Void> close() {
    return real.close();
  }

  @Override
  public Future<Boolean> ready() {
    return real.ready();
  }

  @Override
  public Future<List<ChangeOutcome>> applyBatch(String site, String syncId, List<IncomingChange> changes) {
    return real.applyBatch(site, syncId, changes);
  }

  @Override
  public Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit) {
    return real.pull(site, collections, cursor, limit);
  }

  @Override
  public Future<Long> head() {
    return real.head();
  }

  @Override
  public Future<Optional<StoredRecord>> get(RecordKey key) {
    return real.get(key);
  }

  @Override
  public Future<List<StoredRecord>> list(String collection, String afterId, int limit) {
    return real.list(collection, afterId, limit);
  }

  @Override
  public Future<Void> addSite(SiteRecord site) {
    return real.addSite(site);
  }

  @Override
  public Future<Void> updateSiteActivity(SiteRecord site) {
    return real.updateSiteActivity(site);
  }

  @Override
  public Future<Boolean> setSiteDisabled(String id, boolean disabled) {
    return real.setSiteDisabled(id, disabled);
  }

  @Override
  public Future<Boolean> setSiteTokenHash(String id, String tokenHash) {
    return real.setSiteTokenHash(id, tokenHash);
  }

  @Override
  public Future<Long> sizeBytes() {
    return real.sizeBytes();
  }

  @Override
  public Future<Long> lag(String site, long cursor) {
    return real.lag(site, cursor);
  }

  @Override
  public Future<List<ConflictEntry>> conflicts() {
    return real.conflicts();
  }

  @Override
  public Future<List<ConflictEntry>> conflicts(RecordKey key) {
    return real.conflicts(key);
  }

  @Override
  public Future<StoredRecord> resolve(RecordKey key, String keep, String site, JsonObject data, String actor) {
    return real.resolve(key, keep, site, data, actor);
  }

  @Override
  public Future<List<AuditEntry>> audit(RecordKey key) {
    return real.audit(key);
  }

  @Override
  public Future<Void> saveRun(HubRun run) {
    return real.saveRun(run);
  }

  @Override
  public Future<Void> mergeRun(HubRun part) {
    return real.mergeRun(part);
  }

  @Override
  public Future<Boolean> confirmRun(String site, String syncId, outpost.hub.store.RunConfirmation report) {
    return real.confirmRun(site, syncId, report);
  }

  @Override
  public Future<List<HubRun>> runs(String site, int limit) {
    return real.runs(site, limit);
  }

  @Override
  public Future<Integer> purgeRuns(long beforeMillis, int max) {
    return real.purgeRuns(beforeMillis, max);
  }
}
