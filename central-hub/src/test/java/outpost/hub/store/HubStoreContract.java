package outpost.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static outpost.hub.store.Await.failure;
import static outpost.hub.store.Await.result;
import static outpost.hub.store.Changes.delete;
import static outpost.hub.store.Changes.obj;
import static outpost.hub.store.Changes.put;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.sync.ChangeOutcome;
import outpost.common.sync.ChangeOutcome.Status;

/**
 * The contract suite every {@link HubStore} implementation passes, written once: a subclass supplies
 * {@link #newStore} (and {@link #cleanup}) and inherits every test. The sync tests live in
 * {@link HubStoreSyncContract}; here are resolutions, sites, runs, listing and retention.
 */
public abstract class HubStoreContract extends HubStoreSyncContract {

  /** Site A moved field a to 2 after base v1; site B proposes a=3 on the same base. */
  private RecordKey conflictOn(String id, long seqA, long seqB) {
    long v1 = one(A, put(seqA, "notes", id, 0, obj("a", 1, "b", 1))).version();
    one(A, put(seqA + 1, "notes", id, v1, obj("a", 2, "b", 1), "a"));
    assertEquals(Status.CONFLICT, one(B, put(seqB, "notes", id, v1, obj("a", 3, "b", 1), "a")).status());
    return new RecordKey("notes", id);
  }

  @Test
  void resolvingWithTheLocalValueAppliesItClearsTheFlagAndLeavesAnAuditEntry() {
    RecordKey key = conflictOn("n1", 1, 1);
    long before = head();

    StoredRecord resolved = result(store.resolve(key, "local", B, null, "alice"));
    assertEquals(obj("a", 3, "b", 1), resolved.data());
    assertEquals(before + 1, resolved.version());
    assertEquals(before + 1, head());
    assertFalse(resolved.inConflict());
    assertTrue(resolved.resolvesConflict());
    assertEquals(resolved, get("notes", "n1"));
    assertTrue(result(store.conflicts(key)).isEmpty());
    assertTrue(result(store.conflicts()).isEmpty());

    List<AuditEntry> audit = result(store.audit(key));
    assertEquals(1, audit.size());
    AuditEntry entry = audit.get(0);
    assertEquals("alice", entry.actor());
    assertEquals("local", entry.choice());
    assertEquals(obj("a", 2, "b", 1), entry.hubValue());
    assertEquals(obj("a", 3, "b", 1), entry.result());
    assertEquals(resolved.version(), entry.resultVersion());

    PullPage page = result(store.pull(A, Set.of("notes"), before, 10));
    assertEquals(List.of(resolved.version()), page.records().stream().map(StoredRecord::version).toList());

    assertEquals(ErrorCode.ALREADY_RESOLVED, failure(store.resolve(key, "local", B, null, "bob")).code());
    assertEquals(before + 1, head());
    assertEquals(1, result(store.audit(key)).size());
  }

  @Test
  void resolvingByKeepingTheHubOrAMergedValueWritesANewVersion() {
    RecordKey kept = conflictOn("n1", 1, 1);
    long hubVersion = get("notes", "n1").version();
    StoredRecord hub = result(store.resolve(kept, "hub", null, null, "bob"));
    assertEquals(obj("a", 2, "b", 1), hub.data());
    assertTrue(hub.version() > hubVersion, "the decision reaches every site as a new version");
    assertFalse(hub.inConflict());

    RecordKey merged = conflictOn("n2", 3, 2);
    assertEquals(ErrorCode.BAD_REQUEST, failure(store.resolve(merged, "merged", null, null, "carol")).code());
    assertEquals(ErrorCode.BAD_REQUEST, failure(store.resolve(merged, "neither", null, null, "carol")).code());
    assertEquals(1, result(store.conflicts(merged)).size(), "a refused decision leaves the conflict open");
    StoredRecord edited = result(store.resolve(merged, "merged", null, obj("a", 9), "carol"));
    assertEquals(obj("a", 9), edited.data());
    assertTrue(result(store.conflicts(merged)).isEmpty());

    // Keeping a proposal that deleted the record deletes it.
    long w1 = one(A, put(10, "notes", "n3", 0, obj("a", 1))).version();
    one(A, put(11, "notes", "n3", w1, obj("a", 2)));
    assertEquals(Status.CONFLICT, one(B, delete(5, "notes", "n3", w1)).status());
    StoredRecord gone = result(store.resolve(new RecordKey("notes", "n3"), "local", null, null, "dave"));
    assertTrue(gone.deleted());
    assertTrue(get("notes", "n3").deleted());
  }

  @Test
  void aSitesProposalAfterAResolutionOpensANewConflictOnlyIfItOverlapsAgain() {
    RecordKey key = conflictOn("n1", 1, 1);
    StoredRecord resolved = result(store.resolve(key, "hub", null, null, "erin"));
    // B edits b on top of the resolved version: an ordinary apply, no conflict.
    ChangeOutcome next = one(B, put(2, "notes", "n1", resolved.version(), obj("a", 2, "b", 7), "b"));
    assertEquals(Status.APPLIED, next.status());
    assertTrue(result(store.conflicts(key)).isEmpty());
    assertFalse(get("notes", "n1").inConflict());
  }

  @Test
  void aTokenHashIsReplacedAloneAndSurvivesActivityAndDisabling() {
    result(store.addSite(SiteRecord.create("site-r", "old-hash", 1000)));
    one("site-r", put(3, "notes", "r1", 0, obj("t", 1)));
    assertTrue(result(store.setSiteTokenHash("site-r", "new-hash")));
    SiteRecord rotated = result(store.site("site-r")).orElseThrow();
    assertEquals("new-hash", rotated.tokenHash());
    assertEquals(3, rotated.lastSeq(), "the exactly-once position is kept: the same edge carries on");
    assertEquals(1000, rotated.createdAtMillis());
    result(store.updateSiteActivity(rotated.withActivity(2000, "COMPLETE", "sync-r")));
    assertTrue(result(store.setSiteDisabled("site-r", true)));
    assertTrue(result(store.setSiteDisabled("site-r", false)));
    assertEquals("new-hash", result(store.site("site-r")).orElseThrow().tokenHash());
    assertFalse(result(store.setSiteTokenHash("nobody", "x")));
    assertTrue(result(store.site("nobody")).isEmpty());
  }

  @Test
  void sitesAreRegisteredDisabledAndTrackActivityWithoutTouchingTokenOrSequence() {
    result(store.addSite(SiteRecord.create("site-x", "bcrypt-hash", 1000)));
    SiteRecord x = result(store.site("site-x")).orElseThrow();
    assertEquals("bcrypt-hash", x.tokenHash());
    assertFalse(x.disabled());
    assertEquals(1000, x.createdAtMillis());
    assertTrue(result(store.sites()).stream().map(SiteRecord::id).toList().containsAll(List.of(A, B, C, "site-x")));
    assertNotNull(failure(store.addSite(SiteRecord.create("site-x", "other", 2000))));
    assertEquals("bcrypt-hash", result(store.site("site-x")).orElseThrow().tokenHash());

    one("site-x", put(7, "notes", "x1", 0, obj("t", 1)));
    result(store.updateSiteActivity(new SiteRecord("site-x", "forged", true, 5, 1234, "COMPLETE", "sync-9", 0, 42)));
    SiteRecord active = result(store.site("site-x")).orElseThrow();
    assertEquals(1234, active.lastSeenMillis());
    assertEquals("COMPLETE", active.lastStatus());
    assertEquals("sync-9", active.lastSyncId());
    assertEquals(42, active.pullCursor());
    assertEquals("bcrypt-hash", active.tokenHash());
    assertEquals(7, active.lastSeq());
    assertEquals(1000, active.createdAtMillis());
    assertFalse(active.disabled(), "activity never disables a site");

    assertTrue(result(store.setSiteDisabled("site-x", true)));
    assertTrue(result(store.site("site-x")).orElseThrow().disabled());
    assertTrue(result(store.setSiteDisabled("site-x", false)));
    assertFalse(result(store.site("site-x")).orElseThrow().disabled());
    assertFalse(result(store.setSiteDisabled("nobody", true)));
    assertTrue(result(store.site("nobody")).isEmpty());

    long h = head();
    assertEquals(ErrorCode.AUTH_ERROR,
        failure(store.applyBatch("nobody", "s", List.of(put(1, "notes", "z", 0, obj("t", 1))))).code());
    assertEquals(h, head());
    assertNull(get("notes", "z"));
  }

  @Test
  void runsAreSavedPerSiteAndUpdatedInPlace() {
    result(store.saveRun(new HubRun("r1", A, 100, 0, "RUNNING", 5, 0, 0, 0, 0, 0, null)));
    result(store.saveRun(new HubRun("r2", B, 200, 250, "COMPLETE", 1, 1, 0, 0, 0, 3, null)));
    result(store.saveRun(new HubRun("r1", A, 100, 180, "PARTIAL", 5, 4, 1, 0, 0, 2, "one conflict")));
    List<HubRun> runs = result(store.runs(A, 10));
    assertEquals(List.of(new HubRun("r1", A, 100, 180, "PARTIAL", 5, 4, 1, 0, 0, 2, "one conflict")), runs);
    assertEquals(List.of("r2"), result(store.runs(B, 10)).stream().map(HubRun::syncId).toList());
  }

  @Test
  void runPartsMergedAtTheSameTimeAllCount() {
    List<io.vertx.core.Future<Void>> parts = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String status = i == 40 ? "FAILED" : i % 2 == 0 ? "COMPLETE" : "PARTIAL";
      parts.add(store.mergeRun(new HubRun("r1", A, 1_000 - i, 2_000 + i, status, 1, 2, 3, 4, 5, 6,
          i == 40 ? "CONNECTION_ERROR: cut" : "")));
    }
    result(io.vertx.core.Future.all(parts));
    result(store.mergeRun(new HubRun("r2", B, 5, 6, "COMPLETE", 1, 1, 0, 0, 0, 0, null)));
    assertEquals(List.of(new HubRun("r1", A, 901, 2_099, "FAILED", 100, 200, 300, 400, 500, 600,
        "CONNECTION_ERROR: cut")), result(store.runs(A, 10)));
    assertEquals(List.of(new HubRun("r2", B, 5, 6, "COMPLETE", 1, 1, 0, 0, 0, 0, "")), result(store.runs(B, 10)));
  }

  @Test
  void runPartsKeepTheirCountsPerCollectionAndTheirRefusedAndConflictingItems() {
    RunItem refused = new RunItem("notes", "n1", "push", "REJECTED", "PERMISSION_DENIED", "site may not write",
        List.of());
    RunItem conflict = new RunItem("patients", "p1", "push", "CONFLICT", "CONFLICT", "", List.of("name", "dob"));
    result(store.mergeRun(new HubRun("r1", A, 100, 150, "PARTIAL", 3, 1, 1, 1, 0, 0, "",
        java.util.Map.of("push/notes", 2L, "push/patients", 1L), List.of(refused, conflict))));
    result(store.mergeRun(new HubRun("r1", A, 120, 190, "COMPLETE", 0, 0, 0, 0, 0, 4, "",
        java.util.Map.of("pull/notes", 3L, "pull/items", 1L), List.of())));
    HubRun run = result(store.runs(A, 10)).get(0);
    assertEquals(java.util.Map.of("push/notes", 2L, "push/patients", 1L, "pull/notes", 3L, "pull/items", 1L),
        run.counts());
    assertEquals(List.of(refused, conflict), run.items());
    assertEquals("PARTIAL", run.status());
    assertTrue(run.touched("patients", "push") && run.touched("items", null) && !run.touched("patients", "pull"));
    for (int i = 0; i < HubRun.MAX_ITEMS; i++) {
      result(store.mergeRun(new HubRun("r1", A, 120, 190, "PARTIAL", 1, 0, 0, 1, 0, 0, "",
          java.util.Map.of("push/notes", 1L), List.of(new RunItem("notes", "x" + i, "push", "REJECTED", "REJECTED",
              "no", List.of())))));
    }
    HubRun many = result(store.runs(A, 10)).get(0);
    assertEquals(HubRun.MAX_ITEMS, many.items().size(), "a run keeps the first items; its counts say how many");
    assertEquals(refused, many.items().get(0));
    assertEquals(2 + HubRun.MAX_ITEMS, many.counts().get("push/notes"));
  }

  @Test
  void aSitesConfirmationBecomesTheRunsStatusAndKeepsTheHubsCountsAndLaterParts() {
    result(store.mergeRun(new HubRun("r1", A, 100, 150, "COMPLETE", 3, 3, 0, 0, 0, 0, "",
        java.util.Map.of("push/notes", 3L), List.of())));
    RunConfirmation failed = new RunConfirmation("FAILED", java.util.Map.of("notes", "FAILED", "items", "FAILED"),
        "INTEGRATION_ERROR", "the pulled data could not be applied");
    assertTrue(result(store.confirmRun(A, "r1", failed)));
    HubRun run = result(store.runs(A, 10)).get(0);
    assertEquals("FAILED", run.status(), "the site's status is the run's");
    assertEquals("COMPLETE", run.hubStatus(), "the hub's own view stays");
    assertTrue(run.confirmed());
    assertEquals(failed, run.edge());
    assertEquals(3, run.pushed());
    assertEquals(java.util.Map.of("push/notes", 3L), run.counts());
    assertTrue(run.toJson().getBoolean("confirmed"));

    assertTrue(result(store.confirmRun(A, "r1", failed)));
    assertEquals(List.of(run), result(store.runs(A, 10)), "a repeated report changes nothing");

    result(store.mergeRun(new HubRun("r1", A, 120, 190, "COMPLETE", 0, 0, 0, 0, 0, 4, "",
        java.util.Map.of("pull/notes", 4L), List.of())));
    HubRun later = result(store.runs(A, 10)).get(0);
    assertEquals("FAILED", later.status(), "a part that lands after the report keeps the site's status");
    assertEquals(failed, later.edge());
    assertEquals(4, later.pulled());
    assertEquals(190, later.finishedAtMillis());
    assertEquals(java.util.Map.of("push/notes", 3L, "pull/notes", 4L), later.counts());

    RunConfirmation complete = new RunConfirmation("COMPLETE", java.util.Map.of("notes", "COMPLETE"), "", "");
    result(store.mergeRun(new HubRun("r2", A, 200, 250, "PARTIAL", 1, 0, 0, 1, 0, 0, "")));
    assertTrue(result(store.confirmRun(A, "r2", complete)));
    result(store.mergeRun(new HubRun("r2", A, 210, 260, "FAILED", 0, 0, 0, 0, 0, 0, "CONNECTION_ERROR: cut")));
    HubRun r2 = result(store.runs(A, 10)).stream().filter(r -> r.syncId().equals("r2")).findFirst().orElseThrow();
    assertEquals("COMPLETE", r2.status());
    assertEquals("FAILED", r2.hubStatus(), "the hub's statuses still merge, worst first");
  }

  @Test
  void aSiteConfirmsOnlyItsOwnKnownRunsAndARefusalChangesNothing() {
    result(store.mergeRun(new HubRun("r1", A, 100, 150, "COMPLETE", 3, 3, 0, 0, 0, 2, "")));
    List<HubRun> before = result(store.runs(null, 10));
    RunConfirmation partial = new RunConfirmation("PARTIAL", java.util.Map.of(), "", "");
    assertFalse(result(store.confirmRun(B, "r1", partial)), "another site's sync id");
    assertFalse(result(store.confirmRun(A, "r-unknown", partial)), "an unknown sync id");
    assertEquals(before, result(store.runs(null, 10)));
    assertFalse(before.get(0).confirmed());
    assertEquals("COMPLETE", before.get(0).status());
  }

  @Test
  void theLatestFleetReportOfEachSiteIsKept() {
    assertTrue(result(store.siteReports()).isEmpty());
    result(store.saveSiteReport(new SiteReport(A, 1_000, "1.0", 5, 900, 1, 2, 4096, "CONNECTION_ERROR: down")));
    result(store.saveSiteReport(new SiteReport(B, 1_100, "1.1", 0, 0, 0, 0, 8192, null)));
    SiteReport later = new SiteReport(A, 2_000, "1.2", 0, 0, 0, 0, 5000, "");
    result(store.saveSiteReport(later));
    List<SiteReport> reports = new java.util.ArrayList<>(result(store.siteReports()));
    reports.sort(java.util.Comparator.comparing(SiteReport::site));
    assertEquals(List.of(later, new SiteReport(B, 1_100, "1.1", 0, 0, 0, 0, 8192, "")), reports);
  }

  @Test
  void listPagesLiveRecordsById() {
    apply(A, put(1, "notes", "c", 0, obj("t", 1)), put(2, "notes", "a", 0, obj("t", 1)),
        put(3, "notes", "b", 0, obj("t", 1)), put(4, "notes", "d", 0, obj("t", 1)));
    one(HUB, put(0, "items", "a", 0, obj("t", 1)));
    one(A, delete(6, "notes", "d", get("notes", "d").version()));
    assertEquals(List.of("a", "b"), result(store.list("notes", "", 2)).stream().map(StoredRecord::id).toList());
    assertEquals(List.of("c"), result(store.list("notes", "b", 10)).stream().map(StoredRecord::id).toList());
    assertTrue(get("notes", "d").deleted(), "a deletion leaves a tombstone that pulls carry");
  }

  @Test
  void purgeRunsRemovesTheOldestRunsBeforeTheCutoffAtMostMaxAtATime() {
    result(store.saveRun(new HubRun("r1", A, 100, 110, "COMPLETE", 0, 0, 0, 0, 0, 0, null)));
    result(store.saveRun(new HubRun("r2", B, 200, 210, "COMPLETE", 0, 0, 0, 0, 0, 0, null)));
    result(store.saveRun(new HubRun("r3", A, 300, 310, "FAILED", 0, 0, 0, 0, 0, 0, "down")));
    result(store.saveRun(new HubRun("r4", A, 400, 410, "COMPLETE", 0, 0, 0, 0, 0, 0, null)));
    assertEquals(1, result(store.purgeRuns(350, 1)));
    assertEquals(List.of("r4", "r3", "r2"), result(store.runs(null, 10)).stream().map(HubRun::syncId).toList());
    assertEquals(2, result(store.purgeRuns(350, 10)));
    assertEquals(List.of("r4"), result(store.runs(A, 10)).stream().map(HubRun::syncId).toList());
    assertTrue(result(store.runs(B, 10)).isEmpty());
    assertEquals(0, result(store.purgeRuns(350, 10)), "a run started at or after the cut-off stays");
    result(store.saveRun(new HubRun("r1", A, 500, 510, "COMPLETE", 0, 0, 0, 0, 0, 0, null)));
    assertEquals(List.of("r1", "r4"), result(store.runs(A, 10)).stream().map(HubRun::syncId).toList(),
        "a purged run's id can be saved again");
  }

  @Test
  void tombstonesAndTheirConflictsAreKeptSoThatEverySiteCanPullTheDeletion() {
    long v1 = one(A, put(1, "notes", "n1", 0, obj("a", 1))).version();
    one(A, put(2, "notes", "n2", 0, obj("a", 1)));
    one(A, delete(3, "notes", "n1", v1));
    long w1 = one(A, put(4, "notes", "n3", 0, obj("a", 1))).version();
    one(A, delete(5, "notes", "n3", w1));
    assertEquals(Status.CONFLICT, one(B, put(1, "notes", "n3", w1, obj("a", 2))).status());

    // Nothing removes tombstones (docs/operations.md): a site that has not pulled yet must still see them.
    assertNotNull(get("notes", "n1"));
    assertTrue(get("notes", "n1").deleted());
    assertTrue(get("notes", "n3").deleted());
    assertEquals(obj("a", 1), get("notes", "n2").data());
    assertFalse(result(store.conflicts(new RecordKey("notes", "n3"))).isEmpty());
    List<String> pulled = pullAll(A, Set.of(), 0, 100).stream()
        .flatMap(p -> p.records().stream()).map(StoredRecord::id).sorted().toList();
    assertEquals(List.of("n1", "n2", "n3"), pulled);
  }

  @Test
  void sizeBytesIsPositiveAndGrowsWithTheRecordsStored() {
    long empty = result(store.sizeBytes());
    assertTrue(empty > 0, "an open store takes room: " + empty);
    // Random hex does not compress (MVStore's or TOAST's compression would hide repeated text), and 1,500
    // characters stay below PostgreSQL's TOAST threshold.
    java.util.Random random = new java.util.Random(22);
    for (int batch = 0; batch < 10; batch++) {
      IncomingChange[] changes = new IncomingChange[100];
      for (int i = 0; i < changes.length; i++) {
        int n = batch * changes.length + i;
        StringBuilder text = new StringBuilder();
        while (text.length() < 1500) {
          text.append(Long.toHexString(random.nextLong()));
        }
        changes[i] = put(n + 1, "notes", "n" + n, 0, obj("t", text.toString()));
      }
      apply(A, changes);
    }
    long full = result(store.sizeBytes());
    // 1,000 records of 1.5 KB: at least 1 MB more, whatever the store's page and chunk layout.
    assertTrue(full - empty >= 1_000_000, "size " + empty + " -> " + full);
  }
}
