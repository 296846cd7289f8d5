package outpost.common.merge;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * What the hub does with an edge change.
 *
 * @param kind the decision
 * @param result the record value after the change (APPLIED/MERGED puts); the hub's value otherwise
 * @param delete whether the record becomes deleted
 * @param touchedFields the fields whose stamp moves to the new version
 * @param conflictFields for CONFLICT: the fields both sides changed to different values
 *     ({@link MergeRules#DELETED_FIELD} for delete-versus-update)
 */
public record MergeOutcome(Kind kind, JsonObject result, boolean delete, Set<String> touchedFields,
    List<String> conflictFields) {

  /** The decision of the merge rules. */
  public enum Kind {
    /** The change applies as sent; the result equals the edge's value. */
    APPLIED,
    /** The change applies, and the hub had moved on in other fields: the result differs from the edge's. */
    MERGED,
    /** Overlapping different edits: the hub keeps its value and the proposal is stored for a person. */
    CONFLICT,
    /** Nothing to do (deleting what is already deleted, or a value equal to the hub's). */
    UNCHANGED
  }

  public MergeOutcome {
    touchedFields = Set.copyOf(touchedFields);
    conflictFields = List.copyOf(conflictFields);
  }
}
