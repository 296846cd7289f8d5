package outpost.hub.store;

import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.merge.ChangeOp;

/**
 * Turns a hub-side conflict decision into the ordinary change that carries it (docs/conflicts.md §4): a
 * change based on the current hub version that the store runs through {@link BatchApplier} with site
 * "", which assigns the new version, clears the conflicts and writes the audit entry exactly as for
 * an edge's resolution. Both stores call this with the record and conflicts they loaded under their
 * version lock, so a decision never acts on a stale value.
 */
public final class Resolutions {
  public static final String KEEP_HUB = "hub";
  public static final String KEEP_LOCAL = "local";
  public static final String KEEP_MERGED = "merged";

  private Resolutions() {}

  /** The resolving change, and the proposal the audit shows as the local value. */
  public record Decision(IncomingChange change, ConflictEntry proposal) {}

  /**
   * The change that resolves the open conflicts on a record.
   *
   * @param current the hub's record (null only if it vanished)
   * @param open the record's open conflicts
   * @param keep "hub", "local" or "merged"
   * @param site whose proposal "local" keeps (and the audit shows); null or "" for the latest one
   * @param data for "merged": the value a person edited
   * @throws OutpostException ALREADY_RESOLVED when no conflict is open, NOT_FOUND when the named site
   *     has no proposal, BAD_REQUEST for a bad choice
   */
  public static Decision decide(RecordKey key, String keep, String site, JsonObject data, StoredRecord current,
      List<ConflictEntry> open) {
    if (current == null || open == null || open.isEmpty()) {
      throw new OutpostException(ErrorCode.ALREADY_RESOLVED,
          "no open conflict on " + key.collection() + "/" + key.id());
    }
    ConflictEntry shown = proposal(key, site, open);
    JsonObject value;
    boolean delete;
    switch (keep == null ? "" : keep) {
      case KEEP_HUB -> {
        value = current.data().copy();
        delete = current.deleted();
      }
      case KEEP_LOCAL -> {
        value = shown.localData() == null ? new JsonObject() : shown.localData().copy();
        delete = shown.localDeleted();
      }
      case KEEP_MERGED -> {
        if (data == null) {
          throw OutpostException.badRequest("keep \"merged\" needs the merged value in \"data\"");
        }
        value = data.copy();
        delete = false;
      }
      default -> throw OutpostException.badRequest(
          "keep is '" + keep + "'; it must be \"hub\", \"local\" or \"merged\"");
    }
    // Every field either side has is part of the change, so the decided value replaces the record
    // as a whole (fields only the old value had are removed).
    Set<String> changed = new HashSet<>(current.data().fieldNames());
    changed.addAll(value.fieldNames());
    // Based on Long.MAX_VALUE: the person saw the current hub value, so nothing counts as concurrent.
    return new Decision(new IncomingChange(0, key.collection(), key.id(), delete ? ChangeOp.DELETE : ChangeOp.PUT,
        delete ? new JsonObject() : value, changed, Long.MAX_VALUE, current.owner(), keep), shown);
  }

  /**
   * The plan with its audit naming the person who decided (rather than "hub") and showing the site's
   * proposal as the local value (rather than the value kept).
   */
  public static BatchPlan audited(BatchPlan plan, String actor, ConflictEntry proposal) {
    String who = actor == null || actor.isEmpty() ? "hub" : actor;
    JsonObject local = proposal.localDeleted() ? null : proposal.localData();
    List<AuditEntry> audit = plan.audit().stream()
        .map(a -> new AuditEntry(a.atMillis(), who, a.collection(), a.id(), a.choice(), a.hubValue(),
            local, a.result(), a.resultVersion()))
        .toList();
    return new BatchPlan(plan.outcomes(), plan.writes(), plan.before(), plan.conflictUpserts(),
        plan.conflictClears(), audit, plan.head(), plan.siteLastSeq());
  }

  /** The named site's proposal, or the latest one when no site is named. */
  private static ConflictEntry proposal(RecordKey key, String site, List<ConflictEntry> open) {
    if (site == null || site.isEmpty()) {
      return open.stream().max(Comparator.comparingLong(ConflictEntry::detectedAtMillis)
          .thenComparingLong(ConflictEntry::originSeq)).orElseThrow();
    }
    return open.stream().filter(c -> c.site().equals(site)).findFirst()
        .orElseThrow(() -> new OutpostException(ErrorCode.NOT_FOUND,
            "site '" + site + "' has no open conflict on " + key.collection() + "/" + key.id()));
  }
}
