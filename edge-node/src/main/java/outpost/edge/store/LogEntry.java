package outpost.edge.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import outpost.common.merge.ChangeOp;

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

  /** This change folded into a later one: the latest value, the union of fields, the oldest base. */
  LogEntry coalesce(long newSeq, ChangeOp newOp, JsonObject newData, Set<String> newFields, String newResolution,
      long now) {
    Set<String> fields = new LinkedHashSet<>(changedFields);
    fields.addAll(newFields);
    String res = newResolution.isEmpty() ? resolution : newResolution;
    return new LogEntry(newSeq, collection, id, newOp, newData, fields, baseVersion, owner, res, now);
  }

  String encode() {
    return new JsonObject().put("c", collection).put("i", id).put("op", op.name()).put("d", data)
        .put("f", new JsonArray(java.util.List.copyOf(changedFields))).put("b", baseVersion).put("o", owner)
        .put("r", resolution).put("t", writtenAtMillis).encode();
  }

  static LogEntry decode(long seq, String value) {
    JsonObject j = new JsonObject(value);
    Set<String> fields = new LinkedHashSet<>();
    j.getJsonArray("f").forEach(f -> fields.add((String) f));
    return new LogEntry(seq, j.getString("c"), j.getString("i"), ChangeOp.valueOf(j.getString("op")),
        j.getJsonObject("d"), fields, j.getLong("b"), j.getString("o"), j.getString("r"), j.getLong("t"));
  }

  public JsonObject toJson() {
    return new JsonObject(encode()).put("seq", seq);
  }
}
