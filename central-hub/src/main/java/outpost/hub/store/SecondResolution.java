package outpost.hub.store;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import outpost.common.json.JsonValues;
import outpost.common.merge.ChangeOp;

/**
 * What the hub does when a conflict is resolved twice (docs/conflicts.md, "Two resolutions"): a site's resolution
 * that arrives after the conflict was closed by another one (on the hub or on another edge). When it chose the
 * value the record now holds, nothing is lost and it is answered ALREADY_RESOLVED; when it chose differently, the
 * two people disagree, which is itself a conflict: the record is flagged again, with the hub's value (the earlier
 * choice) and this site's choice side by side.
 */
final class SecondResolution {
  /** The pseudo-field of a disagreement on whether the record exists. */
  static final String DELETED = "_deleted";

  private SecondResolution() {}

  /**
   * The top-level fields on which the resolution's value differs from the record's (sorted; {@value #DELETED}
   * when one side is deleted and the other not); empty when they agree or the hub never had the record.
   */
  static List<String> differingFields(StoredRecord rec, IncomingChange change) {
    if (rec == null) {
      return List.of();
    }
    boolean deleting = change.op() == ChangeOp.DELETE;
    if (rec.deleted() || deleting) {
      return rec.deleted() == deleting ? List.of() : List.of(DELETED);
    }
    JsonObject hub = rec.data();
    JsonObject chosen = change.data();
    TreeSet<String> names = new TreeSet<>(hub.fieldNames());
    names.addAll(chosen.fieldNames());
    List<String> out = new ArrayList<>();
    for (String f : names) {
      if (hub.containsKey(f) != chosen.containsKey(f) || !JsonValues.same(hub.getValue(f), chosen.getValue(f))) {
        out.add(f);
      }
    }
    return out;
  }

  /** Both choices, for the conflict entry: the later one's choice and who made the one in force. */
  static JsonObject describe(StoredRecord rec, IncomingChange change) {
    JsonObject earlier = new JsonObject().put("version", rec.version()).put("at", rec.updatedAtMillis());
    if (rec.resolvesConflict()) {
      earlier.put("by", rec.originSite().isEmpty() ? "hub" : "site:" + rec.originSite());
    }
    return new JsonObject().put("earlier", earlier).put("later", new JsonObject().put("keep", change.resolution()));
  }

  /** Whether the change proposes what the open conflict holds as the site's proposal. */
  static boolean sameProposal(ConflictEntry open, IncomingChange change) {
    boolean deleting = change.op() == ChangeOp.DELETE;
    return open.localDeleted() == deleting && (deleting || JsonValues.same(open.localData(), change.data()));
  }

  /**
   * The base an ordinary change of {@code site} is judged from: the base of the site's open conflict on the
   * record when that is older than the change's own.
   */
  static long conflictBase(List<ConflictEntry> open, String site, long changeBase) {
    long base = changeBase;
    for (ConflictEntry c : open) {
      if (c.site().equals(site)) {
        base = Math.min(base, c.baseVersion());
      }
    }
    return base;
  }
}
