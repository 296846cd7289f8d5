package outpost.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;

/** The digest deltas a plan hands every store: computed once, from the records before and after the batch. */
class DigestDeltasTest {
  private static StoredRecord rec(String id, String owner, long version, boolean deleted, boolean inConflict) {
    return new StoredRecord("notes", id, owner, version, deleted, null, Map.of(), null, "", 0, inConflict, false, 0);
  }

  private static BatchPlan plan(Map<RecordKey, StoredRecord> before, Map<RecordKey, StoredRecord> writes) {
    return new BatchPlan(List.of(), writes, before, List.of(), Set.of(), List.of(), 0, 0);
  }

  @Test
  void aNewRecordAddsAndAnUpdateMovesItsContribution() {
    Map<RecordKey, StoredRecord> before = new LinkedHashMap<>();
    Map<RecordKey, StoredRecord> writes = new LinkedHashMap<>();
    writes.put(new RecordKey("notes", "a"), rec("a", "", 5, false, false));
    before.put(new RecordKey("notes", "b"), rec("b", "", 2, false, false));
    writes.put(new RecordKey("notes", "b"), rec("b", "", 6, false, false));
    ScopeDigest expected = ScopeDigest.EMPTY.plus("notes", "a", 5).minus("notes", "b", 2).plus("notes", "b", 6);
    assertEquals(List.of(new BatchPlan.DigestDelta("", "notes", expected)), plan(before, writes).digestDeltas());
  }

  @Test
  void aDeleteTakesItsContributionOutAndAMoveBetweenOwnersTouchesBoth() {
    Map<RecordKey, StoredRecord> before = new LinkedHashMap<>();
    Map<RecordKey, StoredRecord> writes = new LinkedHashMap<>();
    before.put(new RecordKey("notes", "a"), rec("a", "clinic-a", 3, false, false));
    writes.put(new RecordKey("notes", "a"), rec("a", "clinic-b", 4, false, false));
    before.put(new RecordKey("notes", "c"), rec("c", "clinic-a", 1, false, false));
    writes.put(new RecordKey("notes", "c"), rec("c", "clinic-a", 7, true, false));
    assertEquals(List.of(
            new BatchPlan.DigestDelta("clinic-a", "notes",
                ScopeDigest.EMPTY.minus("notes", "a", 3).minus("notes", "c", 1)),
            new BatchPlan.DigestDelta("clinic-b", "notes", ScopeDigest.EMPTY.plus("notes", "a", 4))),
        plan(before, writes).digestDeltas());
  }

  @Test
  void aFlagOnlyRewriteAndATombstoneRewriteLeaveTheDigestsAlone() {
    Map<RecordKey, StoredRecord> before = new LinkedHashMap<>();
    Map<RecordKey, StoredRecord> writes = new LinkedHashMap<>();
    before.put(new RecordKey("notes", "a"), rec("a", "", 3, false, false));
    writes.put(new RecordKey("notes", "a"), rec("a", "", 3, false, true));
    before.put(new RecordKey("notes", "d"), rec("d", "", 2, true, false));
    writes.put(new RecordKey("notes", "d"), rec("d", "", 8, true, false));
    assertEquals(List.of(), plan(before, writes).digestDeltas());
  }
}
