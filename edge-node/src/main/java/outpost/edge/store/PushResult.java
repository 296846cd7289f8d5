package outpost.edge.store;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The hub's answer to one pushed change, free of wire types. {@code conflictClosed}: this site holds no open
 * conflict on the record any more (resolved elsewhere), so a local flag on it is stale.
 */
public record PushResult(long seq, Status status, long version, String code, String reason, JsonObject hubData,
    boolean hubDeleted, List<String> conflictFields, boolean conflictClosed) {

  /** Per-change result statuses of the push protocol. */
  public enum Status { APPLIED, MERGED, DUPLICATE, CONFLICT, REJECTED }

  public PushResult {
    code = code == null ? "" : code;
    reason = reason == null ? "" : reason;
    conflictFields = List.copyOf(conflictFields);
  }

  public PushResult(long seq, Status status, long version, String code, String reason, JsonObject hubData,
      boolean hubDeleted, List<String> conflictFields) {
    this(seq, status, version, code, reason, hubData, hubDeleted, conflictFields, false);
  }
}
