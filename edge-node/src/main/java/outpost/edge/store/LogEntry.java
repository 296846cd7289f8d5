package outpost.edge.store;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import outpost.common.merge.ChangeOp;
import outpost.edge.store.impl.LogCodec;

/**
 * One pending local change in a hub's log, keyed by the edge's origin sequence.
 *
 * @param changedFields the top-level fields set or removed since {@code baseVersion}
 * @param baseVersion the hub version the change was based on (the oldest, after coalescing)
 * @param resolution "hub", "local" or "merged" when the change resolves a conflict, else ""
 */
public record LogEntry(long seq, String collection, String id, ChangeOp op, JsonObject data,
    Set<String> changedFields, long baseVersion, String owner, String resolution, long writtenAtMillis) {

  public LogEntry {
    data = data == null ? new JsonObject() : data;
    changedFields = Set.copyOf(changedFields);
    owner = owner == null ? "" : owner;
    resolution = resolution == null ? "" : resolution;
  }

  public JsonObject toJson() {
    return new JsonObject(LogCodec.encode(this)).put("seq", seq);
  }
}
