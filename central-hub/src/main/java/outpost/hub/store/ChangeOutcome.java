package outpost.hub.store;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The hub's answer to one change (docs/protocol.md §3.1): the status, the record's version, and for REJECTED a
 * code and reason. {@code hubData} is the hub's current value (merged value for MERGED).
 * {@code conflictClosed}: the pushing site holds no open conflict on the record after an accepted change.
 */
public record ChangeOutcome(long originSeq, Status status, long version, String code, String reason,
    JsonObject hubData, boolean hubDeleted, List<String> conflictFields, boolean conflictClosed) {

  /** Per-change result statuses of the push protocol. */
  public enum Status { APPLIED, MERGED, DUPLICATE, CONFLICT, REJECTED }

  public ChangeOutcome {
    code = code == null ? "" : code;
    reason = reason == null ? "" : reason;
    conflictFields = List.copyOf(conflictFields);
  }

  public ChangeOutcome(long originSeq, Status status, long version, String code, String reason, JsonObject hubData,
      boolean hubDeleted, List<String> conflictFields) {
    this(originSeq, status, version, code, reason, hubData, hubDeleted, conflictFields, false);
  }

  public static ChangeOutcome rejected(long originSeq, String code, String reason, StoredRecord current) {
    return new ChangeOutcome(originSeq, Status.REJECTED, current == null ? 0 : current.version(), code, reason,
        current == null ? null : current.data(), current != null && current.deleted(), List.of());
  }
}
