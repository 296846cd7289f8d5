package outpost.common.merge;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import outpost.common.json.JsonValues;

/**
 * Field-level three-way merge (docs/conflicts.md §1). A hub field counts as changed concurrently when its
 * stamp is newer than the edge's base version and came from another site. Top-level fields are the
 * unit: a nested object is one value compared as a whole. Values are compared by {@link JsonValues#same}
 * (numbers by exact decimal value, never as doubles): a field whose new value differs only past double
 * precision is changed, while 1 and 1.0 are one value, so writing one over the other changes nothing and the
 * hub keeps the text it has.
 */
public final class MergeRules {
  /** The pseudo-field named in a delete-versus-update conflict. */
  public static final String DELETED_FIELD = "_deleted";

  private MergeRules() {}

  public static MergeOutcome decide(HubRecordState hub, EdgeChange change) {
    if (!hub.exists()) {
      return change.op() == ChangeOp.DELETE
          ? unchanged(hub)
          : new MergeOutcome(MergeOutcome.Kind.APPLIED, change.data().copy(), false,
              change.data().fieldNames(), List.of());
    }
    if (hub.deleted()) {
      return decideOnTombstone(hub, change);
    }
    Set<String> concurrent = concurrentFields(hub, change);
    if (change.op() == ChangeOp.DELETE) {
      if (concurrent.isEmpty()) {
        return new MergeOutcome(MergeOutcome.Kind.APPLIED, new JsonObject(), true, Set.of(), List.of());
      }
      return conflict(hub, List.of(DELETED_FIELD));
    }
    List<String> conflicting = new ArrayList<>();
    for (String field : new TreeSet<>(change.changedFields())) {
      if (concurrent.contains(field)
          && !JsonValues.same(change.data().getValue(field), hub.data().getValue(field))) {
        conflicting.add(field);
      }
    }
    if (!conflicting.isEmpty()) {
      return conflict(hub, conflicting);
    }
    JsonObject result = hub.data().copy();
    Set<String> touched = new HashSet<>();
    for (String field : change.changedFields()) {
      Object edgeValue = change.data().getValue(field);
      boolean present = change.data().containsKey(field);
      if (present == result.containsKey(field) && JsonValues.same(edgeValue, result.getValue(field))) {
        continue;
      }
      touched.add(field);
      if (present) {
        result.put(field, edgeValue);
      } else {
        result.remove(field);
      }
    }
    if (touched.isEmpty()) {
      return unchanged(hub);
    }
    MergeOutcome.Kind kind = JsonValues.same(result, change.data())
        ? MergeOutcome.Kind.APPLIED : MergeOutcome.Kind.MERGED;
    return new MergeOutcome(kind, result, false, touched, List.of());
  }

  /** The hub has a tombstone: an update of a record deleted since the base is a conflict. */
  private static MergeOutcome decideOnTombstone(HubRecordState hub, EdgeChange change) {
    if (change.op() == ChangeOp.DELETE) {
      return unchanged(hub);
    }
    FieldStamp deleted = hub.deleteStamp();
    boolean deletedConcurrently = deleted != null && deleted.version() > change.baseVersion()
        && !deleted.origin().equals(change.site());
    if (deletedConcurrently) {
      return conflict(hub, List.of(DELETED_FIELD));
    }
    return new MergeOutcome(MergeOutcome.Kind.APPLIED, change.data().copy(), false,
        change.data().fieldNames(), List.of());
  }

  /** Fields the hub changed after the edge's base, by anyone but the edge's own site. */
  static Set<String> concurrentFields(HubRecordState hub, EdgeChange change) {
    Set<String> concurrent = new HashSet<>();
    hub.fields().forEach((field, stamp) -> {
      if (stamp.version() > change.baseVersion() && !stamp.origin().equals(change.site())) {
        concurrent.add(field);
      }
    });
    return concurrent;
  }

  private static MergeOutcome conflict(HubRecordState hub, List<String> fields) {
    return new MergeOutcome(MergeOutcome.Kind.CONFLICT, hub.data().copy(), hub.deleted(), Set.of(), fields);
  }

  private static MergeOutcome unchanged(HubRecordState hub) {
    return new MergeOutcome(MergeOutcome.Kind.UNCHANGED, hub.data().copy(), hub.deleted(), Set.of(), List.of());
  }
}
