package outpost.hub.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.sync.ChangeOutcome;

/**
 * Where a hub keeps records, sites, conflicts and runs. Two implementations pass one contract suite:
 * embedded MVStore and PostgreSQL. Every method is asynchronous and never blocks the caller's thread.
 *
 * <p>Ordering guarantee: versions (hub sequence numbers) are assigned under one serializing lock at
 * write time, so a reader that has seen version n will never later see a commit with a version below n.
 */
public interface HubStore {

  /** Opens the store, creating or migrating its schema. */
  Future<Void> open();

  /** Closes the store; pending writes finish first. */
  Future<Void> close();

  /** Whether the store can serve (the file is open, the database answers). */
  Future<Boolean> ready();

  /**
   * Applies a batch of changes from one site in one transaction and answers one outcome per change,
   * in order. Changes at or below the site's processed sequence are answered DUPLICATE.
   * {@code site} is "" for hub-side writes, which skip permission checks.
   */
  Future<List<ChangeOutcome>> applyBatch(String site, String syncId, List<IncomingChange> changes);

  /**
   * Reads the records in the site's scope (shared ones and those the site owns) with a version above
   * {@code cursor}, among {@code collections} (all known ones when empty), at most {@code limit}.
   */
  Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit);

  /**
   * A pull that leaves out the site's own changes it already holds: records whose current version is a change
   * of {@code site} with an origin sequence at or below {@code acknowledgedSeq}, stored exactly as the site sent
   * it ({@link StoredRecord#asSent()}). The cursor still moves past them, so a page may hold fewer than
   * {@code limit} records (or none) and still not be the last; {@code remaining} counts them too. 0 leaves out
   * nothing. A store that does not override this leaves out nothing.
   */
  default Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit,
      long acknowledgedSeq) {
    return pull(site, collections, cursor, limit);
  }

  /**
   * The position a pull call that starts now must reach before its last page: everything committed
   * before the call (the site's own pushes included) is in the snapshot that ends it. A store that
   * reads pulls from the copy it writes answers 0; one that reads them from a replica answers the
   * primary's head (docs/operations.md, "Pulls from a streaming replica").
   */
  default Future<Long> pullFloor() {
    return Future.succeededFuture(0L);
  }

  /**
   * Whether pulls read from a copy other than the one written (a read replica): only then does a pull call need
   * {@link #pullFloor()}, and a call that skips it reaches its first page one store call sooner.
   */
  default boolean pullsFromReplica() {
    return false;
  }

  /**
   * One page of a pull call whose {@link #pullFloor()} was {@code floor}: like {@link #pull(String, Set, long,
   * int, long)}, from a snapshot that has at least {@code max(cursor, floor)}, so the page's cursor never falls
   * behind what the site or the primary had already seen.
   */
  default Future<PullPage> pull(String site, Set<String> collections, long cursor, int limit, long acknowledgedSeq,
      long floor) {
    return pull(site, collections, cursor, limit, acknowledgedSeq);
  }

  /** The highest committed version. */
  Future<Long> head();

  Future<Optional<StoredRecord>> get(RecordKey key);

  /** Pages through a collection's live records by id. */
  Future<List<StoredRecord>> list(String collection, String afterId, int limit);

  // ---- sites

  Future<Void> addSite(SiteRecord site);

  Future<Optional<SiteRecord>> site(String id);

  Future<List<SiteRecord>> sites();

  /** Stores activity fields of a site (last seen, status, pull cursor); never its token or lastSeq. */
  Future<Void> updateSiteActivity(SiteRecord site);

  Future<Boolean> setSiteDisabled(String id, boolean disabled);

  /** Replaces a site's token hash (token rotation); false when the site is not registered. */
  Future<Boolean> setSiteTokenHash(String id, String tokenHash);

  /** Records in the site's scope with a version above its last pull cursor. */
  Future<Long> lag(String site, long cursor);

  /** Keeps a site's latest fleet report, replacing the one before (docs/web-view.md, fleet view). */
  Future<Void> saveSiteReport(SiteReport report);

  /** The latest fleet report of every site that sent one. */
  Future<List<SiteReport>> siteReports();

  // ---- conflicts and audit

  Future<List<ConflictEntry>> conflicts();

  Future<List<ConflictEntry>> conflicts(RecordKey key);

  /**
   * Resolves the open conflict on a record by a hub-side decision: keep "hub", "local" (the named
   * site's proposal, or the latest) or "merged" ({@code data}). Fails with ALREADY_RESOLVED when no
   * conflict is open.
   */
  Future<StoredRecord> resolve(RecordKey key, String keep, String site, JsonObject data, String actor);

  Future<List<AuditEntry>> audit(RecordKey key);

  // ---- runs and retention

  Future<Void> saveRun(HubRun run);

  /**
   * Adds one part of a run (a push or a pull call's) to the run stored under its site and sync id, or stores
   * it when there is none, atomically ({@link HubRun#plus}): parts of one run recorded at the same time, by
   * one hub or by replicas sharing the database, all count.
   */
  Future<Void> mergeRun(HubRun part);

  /**
   * Marks the run stored under the site and sync id as confirmed by the site ({@link HubRun#confirmedBy}), in one
   * store step, keeping the hub's counts; a repeated report leaves the same run. Answers false, changing nothing,
   * when the site has no run under that sync id (another site's, or an unknown one).
   */
  Future<Boolean> confirmRun(String site, String syncId, RunConfirmation report);

  Future<List<HubRun>> runs(String site, int limit);

  /**
   * Removes up to {@code max} runs that started before the cut-off, oldest first; answers how many. The
   * upkeep calls it again while it answers {@code max}, so that a large backlog never holds the store long.
   */
  Future<Integer> purgeRuns(long beforeMillis, int max);

  /**
   * The store's size on disk in bytes, for the metrics: the embedded store's file, or the hub's tables
   * (with their indexes and TOAST) in its PostgreSQL schema.
   */
  Future<Long> sizeBytes();
}
