package outpost.hub.store;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.merge.ChangeOp;

/**
 * A change as it reaches the hub store, from an edge push or from the hub's own admin API.
 *
 * @param originSeq the site's sequence number (0 for hub writes)
 * @param owner the owner the writer claims for a site-scoped record
 * @param resolution "hub", "local" or "merged" when the change resolves a conflict, else ""
 */
public record IncomingChange(long originSeq, String collection, String id, ChangeOp op, JsonObject data,
    Set<String> changedFields, long baseVersion, String owner, String resolution) {

  public IncomingChange {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(op, "op");
    data = data == null ? new JsonObject() : data;
    changedFields = Set.copyOf(changedFields);
    owner = owner == null ? "" : owner;
    resolution = resolution == null ? "" : resolution;
  }

  public RecordKey key() {
    return new RecordKey(collection, id);
  }

  public boolean resolves() {
    return !resolution.isEmpty();
  }
}
