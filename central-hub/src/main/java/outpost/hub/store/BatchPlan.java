package outpost.hub.store;

import java.util.List;
import java.util.Map;
import java.util.Set;
import outpost.common.RecordKey;

/**
 * What a store must persist, in one transaction, for one applied batch.
 *
 * @param outcomes one per incoming change, in order
 * @param writes the final state of every record the batch changed (or re-flagged)
 * @param before the state of those records before the batch (absent when new), for digest upkeep
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

  /** A plan of hub writes, which carry no origin sequence. */
  public BatchPlan(List<ChangeOutcome> outcomes, Map<RecordKey, StoredRecord> writes,
      Map<RecordKey, StoredRecord> before, List<ConflictEntry> conflictUpserts, Set<RecordKey> conflictClears,
      List<AuditEntry> audit, long head, long siteLastSeq) {
    this(outcomes, writes, before, conflictUpserts, conflictClears, audit, head, siteLastSeq, Map.of());
  }
}
