package outpost.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static outpost.hub.store.Await.result;
import static outpost.hub.store.Changes.delete;
import static outpost.hub.store.Changes.obj;
import static outpost.hub.store.Changes.put;
import static outpost.hub.store.Changes.putOwned;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;
import outpost.common.merge.MergeRules;
import outpost.common.sync.ChangeOutcome;
import outpost.common.sync.ChangeOutcome.Status;

/**
 * The sync behaviour every {@link HubStore} must show: versions, duplicates, merges, conflicts,
 * permissions, pulls with cursors and scope, digests and the late-commit case. Part of
 * {@link HubStoreContract}, which implementations extend.
 */
public abstract class HubStoreSyncContract extends HubStoreFixture {
  /** The highest origin sequence a hub accepts, 2^53 - 1 (docs/protocol.md; outpost.common.OriginSeq). */
  private static final long MAX_ORIGIN_SEQ = (1L << 53) - 1;

  @Test
  void appliedChangesGetGapFreeVersionsInCommitOrder() {
    assertTrue(result(store.ready()));
    long h = head();
    List<ChangeOutcome> out = apply(A, put(1, "notes", "n1", 0, obj("t", "one")),
        put(2, "notes", "n2", 0, obj("t", "two")), put(3, "notes", "n3", 0, obj("t", "three")));
    assertEquals(List.of(Status.APPLIED, Status.APPLIED, Status.APPLIED),
        out.stream().map(ChangeOutcome::status).toList());
    assertEquals(List.of(h + 1, h + 2, h + 3), out.stream().map(ChangeOutcome::version).toList());
    assertEquals(h + 3, head());

    StoredRecord n2 = get("notes", "n2");
    assertEquals(obj("t", "two"), n2.data());
    assertEquals(h + 2, n2.version());
    assertEquals("", n2.owner());
    assertEquals(A, n2.originSite());
    assertEquals(2, n2.originSeq());
    assertEquals(h + 2, n2.fields().get("t").version());
    assertFalse(n2.deleted() || n2.inConflict());

    ChangeOutcome hubWrite = one(HUB, put(0, "items", "i1", 0, obj("name", "gauze")));
    assertEquals(Status.APPLIED, hubWrite.status());
    assertEquals(h + 4, hubWrite.version());
    assertEquals("", get("items", "i1").originSite());
  }

  @Test
  void resentChangeIsDuplicateAndTakesNoVersion() {
    long v = one(A, put(1, "notes", "n1", 0, obj("t", "one", "u", 1))).version();
    // The same change, its keys in another order (a re-send need not be byte-identical to be the same change).
    List<ChangeOutcome> out = apply(A, put(1, "notes", "n1", 0, obj("u", 1, "t", "one")),
        put(2, "notes", "n2", 0, obj("t", "two")));
    assertEquals(Status.DUPLICATE, out.get(0).status());
    assertEquals(v, out.get(0).version());
    assertEquals(Status.APPLIED, out.get(1).status());
    assertEquals(v + 1, out.get(1).version());
    assertEquals(obj("t", "one", "u", 1), get("notes", "n1").data());

    // The whole batch again, as after a lost ack: nothing applies twice.
    List<ChangeOutcome> again = apply(A, put(1, "notes", "n1", 0, obj("t", "one", "u", 1)),
        put(2, "notes", "n2", 0, obj("t", "two")));
    assertEquals(List.of(Status.DUPLICATE, Status.DUPLICATE), again.stream().map(ChangeOutcome::status).toList());
    assertEquals(v + 1, head());
    assertEquals(2, result(store.site(A)).orElseThrow().lastSeq());
  }

  @Test
  void aDifferentChangeUnderAUsedOriginSeqIsRefusedAsReusedNotSwallowedAsDuplicate() {
    long v = one(A, put(1, "notes", "n1", 0, obj("t", "one"))).version();
    one(A, delete(2, "notes", "n9", 0));
    // A cloned device numbers its own writes 1, 2, ... too: other data, another record, another operation.
    List<ChangeOutcome> clone = apply(A, put(1, "notes", "n1", 0, obj("t", "clone")),
        put(2, "notes", "n9", 0, obj("t", "clone")), put(1, "notes", "other", 0, obj("t", "one")),
        put(1, "notes", "n1", 0, obj("t", "one"), "t", "extra"));
    for (ChangeOutcome o : clone) {
      assertEquals(Status.REJECTED, o.status(), o.toString());
      assertEquals("ORIGIN_REUSED", o.code());
      assertTrue(o.reason().contains("cloned"), o.reason());
    }
    assertEquals(obj("t", "one"), get("notes", "n1").data());
    assertNull(result(store.get(new RecordKey("notes", "other"))).orElse(null));
    assertEquals(v, head(), "nothing applied");
    assertEquals(2, result(store.site(A)).orElseThrow().lastSeq());
    // The true re-send is still a duplicate; another site's numbers are its own.
    assertEquals(Status.DUPLICATE, one(A, put(1, "notes", "n1", 0, obj("t", "one"))).status());
    assertEquals(Status.APPLIED, one(B, put(1, "notes", "b1", 0, obj("t", "b"))).status());
  }

  @Test
  void aNumberTheSiteNeverSentBelowItsProcessedSequenceIsApplied() {
    one(A, put(5, "notes", "n5", 0, obj("t", "five")));
    // A device restored from a backup, or a log that folded two writes of a record into one, leaves gaps:
    // nothing was processed under 3, so a change under it is new (and then, re-sent, a duplicate).
    ChangeOutcome three = one(A, put(3, "notes", "n3", 0, obj("t", "three")));
    assertEquals(Status.APPLIED, three.status());
    assertEquals(obj("t", "three"), get("notes", "n3").data());
    assertEquals(Status.DUPLICATE, one(A, put(3, "notes", "n3", 0, obj("t", "three"))).status());
    assertEquals(5, result(store.site(A)).orElseThrow().lastSeq(), "the processed sequence never goes back");
  }

  @Test
  void anOriginSeqOutsideTheAcceptedRangeIsRefusedAndLeavesTheSiteSyncing() {
    long h = head();
    long[] bad = {Long.MAX_VALUE, MAX_ORIGIN_SEQ + 1, 0, -1, Long.MIN_VALUE};
    for (long seq : bad) {
      ChangeOutcome o = one(A, put(seq, "notes", "huge" + seq, 0, obj("t", "x")));
      assertEquals(Status.REJECTED, o.status(), "origin seq " + seq);
      assertEquals("BAD_REQUEST", o.code());
      assertTrue(o.reason().contains(Long.toString(MAX_ORIGIN_SEQ)), o.reason());
    }
    assertEquals(h, head());
    assertEquals(0, result(store.site(A)).orElseThrow().lastSeq(), "a refused number does not move the site");
    // The site's real changes still apply (with 2^63 - 1 stored, every later one was a duplicate).
    assertEquals(Status.APPLIED, one(A, put(1, "notes", "n1", 0, obj("t", "one"))).status());
    assertEquals(Status.APPLIED, one(A, put(MAX_ORIGIN_SEQ, "notes", "top", 0, obj("t", "top")))
        .status());
    assertEquals(MAX_ORIGIN_SEQ, result(store.site(A)).orElseThrow().lastSeq());
  }

  @Test
  void editsOfDifferentFieldsByTwoSitesMerge() {
    long v1 = one(A, put(1, "notes", "n1", 0, obj("a", 1, "b", 1))).version();
    ChangeOutcome byA = one(A, put(2, "notes", "n1", v1, obj("a", 2, "b", 1), "a"));
    assertEquals(Status.APPLIED, byA.status());

    ChangeOutcome byB = one(B, put(1, "notes", "n1", v1, obj("a", 1, "b", 3), "b"));
    assertEquals(Status.MERGED, byB.status());
    assertEquals(obj("a", 2, "b", 3), byB.hubData());
    assertEquals(byA.version() + 1, byB.version());
    StoredRecord merged = get("notes", "n1");
    assertEquals(obj("a", 2, "b", 3), merged.data());
    assertEquals(byB.version(), merged.version());
    assertTrue(result(store.conflicts(merged.key())).isEmpty());
  }

  @Test
  void sameFieldChangedToDifferentValuesIsAConflictAndTheHubKeepsItsValue() {
    long v1 = one(A, put(1, "notes", "n1", 0, obj("a", 1, "b", 1))).version();
    long v2 = one(A, put(2, "notes", "n1", v1, obj("a", 2, "b", 1), "a")).version();

    ChangeOutcome byB = one(B, put(1, "notes", "n1", v1, obj("a", 3, "b", 1), "a"));
    assertEquals(Status.CONFLICT, byB.status());
    assertEquals(List.of("a"), byB.conflictFields());
    assertEquals(v2, byB.version());
    assertEquals(obj("a", 2, "b", 1), byB.hubData());
    assertEquals(v2, head(), "a conflict assigns no version");

    StoredRecord kept = get("notes", "n1");
    assertEquals(obj("a", 2, "b", 1), kept.data());
    assertTrue(kept.inConflict());
    List<ConflictEntry> open = result(store.conflicts(kept.key()));
    assertEquals(1, open.size());
    ConflictEntry c = open.get(0);
    assertEquals(B, c.site());
    assertEquals(v1, c.baseVersion());
    assertEquals(obj("a", 2, "b", 1), c.hubData());
    assertEquals(obj("a", 3, "b", 1), c.localData());
    assertFalse(c.localDeleted());
    assertEquals(List.of("a"), c.fields());
    assertEquals(1, result(store.conflicts()).size());

    // Both sides setting the same value is no conflict.
    long w1 = one(A, put(3, "notes", "n2", 0, obj("a", 1))).version();
    one(A, put(4, "notes", "n2", w1, obj("a", 2)));
    assertEquals(Status.APPLIED, one(B, put(2, "notes", "n2", w1, obj("a", 2))).status());
    assertTrue(result(store.conflicts(new RecordKey("notes", "n2"))).isEmpty());
    assertFalse(get("notes", "n2").inConflict());
  }

  @Test
  void deleteAgainstAConcurrentUpdateIsAConflictBothWays() {
    long v1 = one(A, put(1, "notes", "n1", 0, obj("a", 1))).version();
    one(A, put(2, "notes", "n1", v1, obj("a", 2)));
    ChangeOutcome deleteByB = one(B, delete(1, "notes", "n1", v1));
    assertEquals(Status.CONFLICT, deleteByB.status());
    assertEquals(List.of(MergeRules.DELETED_FIELD), deleteByB.conflictFields());
    assertFalse(get("notes", "n1").deleted());
    assertEquals(obj("a", 2), get("notes", "n1").data());
    assertTrue(result(store.conflicts(new RecordKey("notes", "n1"))).get(0).localDeleted());

    long w1 = one(A, put(3, "notes", "n2", 0, obj("a", 1))).version();
    assertEquals(Status.APPLIED, one(A, delete(4, "notes", "n2", w1)).status());
    ChangeOutcome updateByB = one(B, put(2, "notes", "n2", w1, obj("a", 5), "a"));
    assertEquals(Status.CONFLICT, updateByB.status());
    assertEquals(List.of(MergeRules.DELETED_FIELD), updateByB.conflictFields());
    assertTrue(get("notes", "n2").deleted());
  }

  @Test
  void writesOutsideTheSitesRightsAreRejectedAndLeaveHubDataUntouched() {
    ChangeOutcome item = one(HUB, put(0, "items", "i1", 0, obj("name", "gauze")));
    ChangeOutcome patient = one(B, putOwned(1, "patients", "p1", "", obj("name", "x")));
    assertEquals(B, get("patients", "p1").owner());
    long h = head();

    List<ChangeOutcome> out = apply(A,
        put(1, "items", "i1", item.version(), obj("name", "bandage")),
        put(2, "patients", "p1", patient.version(), obj("name", "y")),
        putOwned(3, "patients", "p2", B, obj("name", "z")),
        put(4, "ghosts", "g1", 0, obj("x", 1)),
        put(5, "notes", "n1", 0, obj("t", 1)));
    List<String> codes = out.stream().map(ChangeOutcome::code).toList();
    assertEquals(List.of(Status.REJECTED, Status.REJECTED, Status.REJECTED, Status.REJECTED, Status.APPLIED),
        out.stream().map(ChangeOutcome::status).toList());
    assertEquals(List.of("PERMISSION_DENIED", "PERMISSION_DENIED", "PERMISSION_DENIED", "NOT_SUPPORTED", ""), codes);
    out.subList(0, 4).forEach(o -> assertFalse(o.reason().isEmpty(), "a rejection says why"));

    assertEquals(h + 1, head(), "only the allowed change took a version");
    assertEquals(obj("name", "gauze"), get("items", "i1").data());
    assertEquals(item.version(), get("items", "i1").version());
    assertEquals(obj("name", "x"), get("patients", "p1").data());
    assertNull(get("patients", "p2"));
    assertNull(get("ghosts", "g1"));
  }

  @Test
  void aPullLeavesOutTheSitesOwnChangesItHoldsButNotMergedOnes() {
    long base = head();
    long v1 = one(A, put(1, "notes", "mine", 0, obj("t", "as sent"))).version();
    long shared = one(B, put(1, "notes", "both", 0, obj("a", 1, "b", 1))).version();
    one(B, put(2, "notes", "both", shared, obj("a", 1, "b", 2), "b"));
    // A changes field a on the version before B's change of b: the hub's copy is a merge, not what A sent.
    ChangeOutcome merged = one(A, put(2, "notes", "both", shared, obj("a", 5, "b", 1), "a"));
    assertEquals(Status.MERGED, merged.status());
    long v3 = one(A, put(3, "notes", "later", 0, obj("t", "after the position"))).version();
    StoredRecord mine = get("notes", "mine");
    assertTrue(mine.asSent() && mine.heldBy(A, 2) && !mine.heldBy(A, 0) && !mine.heldBy(B, 2));
    assertFalse(get("notes", "both").asSent());

    // A has the results up to its sequence 2: "mine" is left out, the merge and sequence 3 are sent.
    PullPage own = result(store.pull(A, Set.of(), base, 10, 2));
    assertEquals(List.of("both", "later"), own.records().stream().map(StoredRecord::id).toList());
    assertEquals(merged.version(), own.records().get(0).version());
    assertTrue(own.last());
    assertEquals(head(), own.cursorAfter());
    assertEquals(3, own.digests().get("notes").count(), "the digest still counts every record");

    // Position 0 (a fresh edge, a repair) and other sites get everything.
    assertEquals(List.of("mine", "both", "later"), result(store.pull(A, Set.of(), base, 10, 0)).records()
        .stream().map(StoredRecord::id).toList());
    assertEquals(List.of("mine", "both", "later"), result(store.pull(B, Set.of(), base, 10, 3)).records()
        .stream().map(StoredRecord::id).toList());
    assertEquals(List.of(v1, merged.version(), v3), result(store.pull(A, Set.of(), base, 10)).records()
        .stream().map(StoredRecord::version).toList());

    // A page whose records the site all holds is empty yet moves the cursor past them.
    IncomingChange[] batch = new IncomingChange[30];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = put(10 + i, "notes", String.format("bulk%02d", i), 0, obj("i", i));
    }
    long before = head();
    apply(A, batch);
    long cursor = before;
    int pages = 0;
    PullPage page;
    do {
      page = result(store.pull(A, Set.of("notes"), cursor, 5, 39));
      assertTrue(page.records().isEmpty(), "every record is A's own, as sent");
      assertTrue(page.cursorAfter() > cursor || page.last(), "the cursor moves");
      cursor = page.cursorAfter();
    } while (!page.last() && ++pages < 100);
    assertTrue(page.last());
    assertEquals(head(), cursor);
  }

  @Test
  void pullPagesFromACursorWithRemainingCountsAndTheCursorAfter() {
    long base = head();
    IncomingChange[] batch = new IncomingChange[25];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = put(i + 1, "notes", String.format("n%02d", i), 0, obj("i", i));
    }
    apply(A, batch);

    PullPage p1 = result(store.pull(A, Set.of(), base, 10));
    assertEquals(10, p1.records().size());
    assertEquals(base + 1, p1.records().get(0).version());
    assertEquals(base + 10, p1.cursorAfter());
    assertEquals(15, p1.remaining());
    assertFalse(p1.last());
    PullPage p2 = result(store.pull(A, Set.of(), p1.cursorAfter(), 10));
    assertEquals(base + 11, p2.records().get(0).version());
    assertEquals(5, p2.remaining());
    PullPage p3 = result(store.pull(A, Set.of(), p2.cursorAfter(), 10));
    assertEquals(5, p3.records().size());
    assertTrue(p3.last());
    assertEquals(0, p3.remaining());
    assertEquals(head(), p3.cursorAfter());
    assertEquals(25, p3.digests().get("notes").count());

    PullPage done = result(store.pull(A, Set.of(), p3.cursorAfter(), 10));
    assertTrue(done.records().isEmpty() && done.last());
    assertEquals(head(), done.cursorAfter());

    PullPage tail = result(store.pull(A, Set.of(), base + 20, 100));
    assertEquals(List.of(base + 21, base + 22, base + 23, base + 24, base + 25),
        tail.records().stream().map(StoredRecord::version).toList());

    one(HUB, put(0, "items", "i1", 0, obj("name", "gauze")));
    PullPage items = result(store.pull(A, Set.of("items"), base, 100));
    assertEquals(List.of("i1"), items.records().stream().map(StoredRecord::id).toList());
    assertEquals(head(), items.cursorAfter(), "the last page moves the cursor over records of other collections");
    assertEquals(Set.of("items"), items.digests().keySet());
  }

  @Test
  void aSiteReceivesSharedRecordsAndOnlyItsOwnSiteScopedRecords() {
    apply(A, putOwned(1, "patients", "pa1", "", obj("n", 1)), putOwned(2, "patients", "pa2", "", obj("n", 2)),
        put(3, "notes", "n1", 0, obj("t", 1)));
    apply(B, putOwned(1, "patients", "pb1", "", obj("n", 1)), putOwned(2, "patients", "pb2", "", obj("n", 2)),
        putOwned(3, "patients", "pb3", "", obj("n", 3)));
    apply(HUB, put(0, "items", "i1", 0, obj("name", "gauze")), putOwned(0, "patients", "ph", A, obj("n", 9)));

    assertEquals(Set.of("pa1", "pa2", "ph", "n1", "i1"), ids(A));
    assertEquals(Set.of("pb1", "pb2", "pb3", "n1", "i1"), ids(B));
    assertEquals(Set.of("n1", "i1"), ids(C));
    assertEquals(5, result(store.lag(A, 0)));
    assertEquals(5, result(store.lag(B, 0)));
    assertEquals(0, result(store.lag(A, head())));
    List<PullPage> pages = pullAll(A, Set.of(), 0, 100);
    assertEquals(3, pages.get(pages.size() - 1).digests().get("patients").count());
  }

  private Set<String> ids(String site) {
    Set<String> ids = new HashSet<>();
    for (PullPage page : pullAll(site, Set.of(), 0, 2)) {
      page.records().forEach(r -> {
        assertTrue(r.owner().isEmpty() || r.owner().equals(site), () -> site + " received " + r.key());
        ids.add(r.id());
      });
    }
    return ids;
  }

  @Test
  void lastPageDigestsMatchAnIndependentlyComputedDigest() {
    IncomingChange[] notes = new IncomingChange[20];
    for (int i = 0; i < notes.length; i++) {
      notes[i] = put(i + 1, "notes", "n" + i, 0, obj("a", i, "b", i));
    }
    List<ChangeOutcome> created = apply(A, notes);
    for (int i = 1; i <= 5; i++) {
      one(B, put(i, "notes", "n" + i, created.get(i).version(), obj("a", i, "b", -i), "b"));
    }
    for (int i = 6; i <= 8; i++) {
      one(A, delete(20 + i, "notes", "n" + i, created.get(i).version()));
    }
    apply(A, putOwned(40, "patients", "pa1", "", obj("n", 1)), putOwned(41, "patients", "pa2", "", obj("n", 2)),
        putOwned(42, "patients", "pa3", "", obj("n", 3)));
    one(A, delete(43, "patients", "pa2", get("patients", "pa2").version()));
    apply(B, putOwned(10, "patients", "pb1", "", obj("n", 1)), putOwned(11, "patients", "pb2", "", obj("n", 2)));
    apply(HUB, put(0, "items", "i1", 0, obj("x", 1)), put(0, "items", "i2", 0, obj("x", 2)));

    for (String site : List.of(A, B, C)) {
      Map<RecordKey, StoredRecord> latest = new HashMap<>();
      List<PullPage> pages = pullAll(site, Set.of(), 0, 7);
      pages.forEach(p -> p.records().forEach(r -> latest.put(r.key(), r)));
      Map<String, ScopeDigest> expected = new HashMap<>();
      Changes.CATALOG.all().forEach(rule -> expected.put(rule.name(), ScopeDigest.EMPTY));
      latest.values().stream().filter(r -> !r.deleted())
          .forEach(r -> expected.merge(r.collection(), ScopeDigest.EMPTY.plus(r.collection(), r.id(), r.version()),
              ScopeDigest::combine));
      assertEquals(expected, pages.get(pages.size() - 1).digests(), "digests of " + site);
    }
    assertEquals(17, lastDigest(A, "notes").count());
    assertEquals(2, lastDigest(A, "patients").count());
    assertEquals(2, lastDigest(B, "patients").count());
  }

  private ScopeDigest lastDigest(String site, String collection) {
    List<PullPage> pages = pullAll(site, Set.of(collection), 0, 1000);
    return pages.get(pages.size() - 1).digests().get(collection);
  }

  @Test
  void concurrentWritersNeverMakeAReaderSkipOrRepeatAChange() throws Exception {
    LateCommitCheck.Result r = new LateCommitCheck(store, 8, 12, 20).run();
    assertEquals(r.written(), r.seen().size(), "every record exactly once");
    long base = r.baseHead();
    long[] versions = r.seen().values().stream().mapToLong(Long::longValue).sorted().toArray();
    assertEquals(base + 1, versions[0]);
    assertEquals(base + r.written(), versions[versions.length - 1]);
    assertEquals(r.written(), Arrays.stream(versions).distinct().count(), "versions unique and gap-free");
    assertEquals(base + r.written(), head());
    assertTrue(r.pullsWhileWriting() > 0, "the reader pulled while writers were committing");
    System.out.printf("%s late-commit: %d records from %d sites in %d ms (%.0f records/s), %d pulls meanwhile%n",
        getClass().getSimpleName(), r.written(), 8, r.writeMillis(),
        r.written() * 1000.0 / Math.max(1, r.writeMillis()),
        r.pullsWhileWriting());
  }

  @Test
  void numbersAreComparedByExactValueWhenDecidingWhatChanged() {
    String finer = "0.1000000000000000000001";
    long v1 = one(A, put(1, "notes", "x", 0, new JsonObject("{\"t\":\"t0\",\"n\":{\"a\":0.1}}"))).version();
    ChangeOutcome changed = one(A, put(2, "notes", "x", v1,
        new JsonObject("{\"t\":\"t0\",\"n\":{\"a\":" + finer + "}}"), "n"));
    assertEquals(Status.APPLIED, changed.status());
    assertEquals(v1 + 1, changed.version(), "a change past double precision is a change");
    assertEquals("{\"t\":\"t0\",\"n\":{\"a\":" + finer + "}}", get("notes", "x").data().encode());

    // Site B, based before that, changed only t and still holds 0.1: the answer must hand it the finer value.
    ChangeOutcome merged = one(B, put(1, "notes", "x", v1,
        new JsonObject("{\"t\":\"t-b\",\"n\":{\"a\":0.1}}"), "t"));
    assertEquals(Status.MERGED, merged.status());
    assertEquals("{\"t\":\"t-b\",\"n\":{\"a\":" + finer + "}}", merged.hubData().encode());

    // One value spelled another way changes nothing, and a re-send so spelled is the same change.
    long h = head();
    ChangeOutcome respelled = one(A, put(3, "notes", "x", h,
        new JsonObject("{\"t\":\"t-b\",\"n\":{\"a\":" + finer + "00}}"), "n"));
    assertEquals(Status.APPLIED, respelled.status());
    assertEquals(h, head(), "no new version");
    assertEquals(Status.DUPLICATE, one(A, put(2, "notes", "x", v1,
        new JsonObject("{\"t\":\"t0\",\"n\":{\"a\":" + finer + "0}}"), "n")).status());
    assertEquals("{\"t\":\"t-b\",\"n\":{\"a\":" + finer + "}}", get("notes", "x").data().encode());
  }
}
