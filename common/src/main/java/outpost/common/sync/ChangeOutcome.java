package outpost.common.sync;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The hub's answer to one pushed change (docs/protocol.md §3.1), the same value on both nodes: the status, the
 * record's version, and for REJECTED a code and reason. {@code originSeq} is the site's number of the change.
 * {@code hubData} is the hub's current value (merged value for MERGED). {@code conflictClosed}: the pushing site
 * holds no open conflict on the record after an accepted change (resolved elsewhere), so a local flag on it is
 * stale.
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
}
