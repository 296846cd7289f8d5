package outpost.hub.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;
import outpost.common.sync.ChangeOutcome;

/**
 * What a store must persist, in one transaction, for one applied batch.
 *
 * @param outcomes one per incoming change, in order
 * @param writes the final state of every record the batch changed (or re-flagged)
 * @param before the state of those records before the batch (absent when new), for feed and digest upkeep
 * @param conflictUpserts conflicts to insert or replace, keyed by (record, site)
 * @param conflictClears records whose open conflicts are all cleared
 * @param audit resolution audit entries
 * @param head the highest version assigned (unchanged when none was)
 * @param siteLastSeq the site's processed sequence after the batch
 * @param origins the {@link ChangeDigest} of every site change the batch processed, by origin sequence
 */
public record BatchPlan(List<ChangeOutcome> outcomes, Map<RecordKey, StoredRecord> writes,
    Map<RecordKey, StoredRecord> before, List<ConflictEntry> conflictUpserts, Set<RecordKey> conflictClears,
    List<AuditEntry> audit, long head, long siteLastSeq, Map<Long, Long> origins) {

  /** How a batch moves the scope digest of one (owner, collection): a store adds {@code delta} to what it holds. */
  public record DigestDelta(String owner, String collection, ScopeDigest delta) {}

  /**
   * Per (owner, collection), how the batch moves the scope digest, for every store to apply as it is: a live
   * record contributes (collection, id, version); a write removes the old contribution and adds the new one.
   * Slots the batch leaves as they were (a flag-only rewrite) are left out.
   */
  public List<DigestDelta> digestDeltas() {
    record Slot(String owner, String collection) {}
    Map<Slot, ScopeDigest> deltas = new LinkedHashMap<>();
    writes.forEach((key, after) -> {
      StoredRecord old = before.get(key);
      if (old != null && !old.deleted()) {
        deltas.merge(new Slot(old.owner(), key.collection()),
            ScopeDigest.EMPTY.minus(key.collection(), key.id(), old.version()), ScopeDigest::combine);
      }
      if (!after.deleted()) {
        deltas.merge(new Slot(after.owner(), key.collection()),
            ScopeDigest.EMPTY.plus(key.collection(), key.id(), after.version()), ScopeDigest::combine);
      }
    });
    List<DigestDelta> moved = new ArrayList<>();
    deltas.forEach((slot, d) -> {
      if (!d.equals(ScopeDigest.EMPTY)) {
        moved.add(new DigestDelta(slot.owner(), slot.collection(), d));
      }
    });
    return moved;
  }

  /** A plan of hub writes, which carry no origin sequence. */
  public BatchPlan(List<ChangeOutcome> outcomes, Map<RecordKey, StoredRecord> writes,
      Map<RecordKey, StoredRecord> before, List<ConflictEntry> conflictUpserts, Set<RecordKey> conflictClears,
      List<AuditEntry> audit, long head, long siteLastSeq) {
    this(outcomes, writes, before, conflictUpserts, conflictClears, audit, head, siteLastSeq, Map.of());
  }
}
