package outpost.hub.store.embedded;

import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.merge.ChangeOp;
import outpost.hub.store.AuditEntry;
import outpost.hub.store.BatchPlan;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.StoredRecord;

/**
 * Turns a hub-side conflict decision into an ordinary resolving change, so that {@code BatchApplier}
 * assigns the version, clears the conflicts and writes the audit entry exactly as for an edge's
 * resolution. The change is based on {@link Long#MAX_VALUE}: the person saw the current hub value, so
 * no field counts as changed concurrently.
 */
final class Resolutions {
  private Resolutions() {}

  /** The resolving change, and the proposal the audit shows as the local value. */
  record Decision(IncomingChange change, ConflictEntry proposal) {}

  static Decision decide(RecordKey key, String keep, String site, JsonObject data, StoredRecord current,
      List<ConflictEntry> open) {
    if (open.isEmpty() || current == null) {
      throw new OutpostException(ErrorCode.ALREADY_RESOLVED,
          "no open conflict on " + key.collection() + "/" + key.id());
    }
    JsonObject value;
    boolean delete;
    ConflictEntry shown = proposal(key, site, open);
    switch (keep == null ? "" : keep) {
      case "hub" -> {
        value = current.data().copy();
        delete = current.deleted();
      }
      case "local" -> {
        value = shown.localData() == null ? new JsonObject() : shown.localData().copy();
        delete = shown.localDeleted();
      }
      case "merged" -> {
        if (data == null) {
          throw OutpostException.badRequest("keep \"merged\" needs the merged value in \"data\"");
        }
        value = data.copy();
        delete = false;
      }
      default -> throw OutpostException.badRequest(
          "keep is '" + keep + "'; it must be \"hub\", \"local\" or \"merged\"");
    }
    Set<String> changed = new HashSet<>(current.data().fieldNames());
    changed.addAll(value.fieldNames());
    return new Decision(new IncomingChange(0, key.collection(), key.id(), delete ? ChangeOp.DELETE : ChangeOp.PUT,
        delete ? new JsonObject() : value, changed, Long.MAX_VALUE, current.owner(), keep), shown);
  }

  /** The named site's proposal, or the latest one when no site is named. */
  private static ConflictEntry proposal(RecordKey key, String site, List<ConflictEntry> open) {
    if (site == null || site.isEmpty()) {
      return open.stream().max(Comparator.comparingLong(ConflictEntry::detectedAtMillis)).orElseThrow();
    }
    return open.stream().filter(c -> c.site().equals(site)).findFirst()
        .orElseThrow(() -> new OutpostException(ErrorCode.NOT_FOUND,
            "site '" + site + "' has no open conflict on " + key.collection() + "/" + key.id()));
  }

  /**
   * The audit names the person who decided (rather than "hub") and shows the site's proposal as the
   * local value (rather than the value kept).
   */
  static BatchPlan audited(BatchPlan plan, String actor, ConflictEntry proposal) {
    String who = actor == null || actor.isEmpty() ? "hub" : actor;
    JsonObject local = proposal.localDeleted() ? null : proposal.localData();
    List<AuditEntry> audit = plan.audit().stream()
        .map(a -> new AuditEntry(a.atMillis(), who, a.collection(), a.id(), a.choice(), a.hubValue(),
            local, a.result(), a.resultVersion()))
        .toList();
    return new BatchPlan(plan.outcomes(), plan.writes(), plan.before(), plan.conflictUpserts(),
        plan.conflictClears(), audit, plan.head(), plan.siteLastSeq());
  }
}
