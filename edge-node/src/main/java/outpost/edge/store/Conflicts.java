package outpost.edge.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** The records flagged "reconcile manually" on this edge, and their resolution. */
public final class Conflicts {
  private final EdgeStore store;

  public Conflicts(EdgeStore store) {
    this.store = store;
  }

  /** Every open conflict as {collection, id, hub: {data, deleted, version}, local: {...}, fields, ...}. */
  public Future<List<JsonObject>> list() {
    return store.jsonValues(store.maps().conflicts);
  }

  /**
   * Resolves a conflict: keep "hub", "local" or "merged" (with {@code data}). The choice becomes an
   * ordinary logged change based on the hub version shown in the conflict; the flag clears when the
   * hub accepts it. Answers the record as it now reads locally.
   */
  public Future<LocalRecord> resolve(String collection, String id, String keep, JsonObject data) {
    return store.write(() -> {
      Validation.collection(collection);
      Validation.id(id);
      RecordKey key = new RecordKey(collection, id);
      String raw = store.maps().conflicts.get(key.encode());
      if (raw == null) {
        throw new OutpostException(ErrorCode.ALREADY_RESOLVED,
            "record " + collection + "/" + id + " has no open conflict (it may have been resolved on the hub)");
      }
      JsonObject conflict = new JsonObject(raw);
      JsonObject hub = conflict.getJsonObject("hub");
      JsonObject local = conflict.getJsonObject("local");
      LocalRecord cur = store.maps().record(key);
      JsonObject value;
      boolean delete;
      switch (keep == null ? "" : keep) {
        case "hub" -> {
          value = hub.getJsonObject("data", new JsonObject());
          delete = hub.getBoolean("deleted", false);
        }
        case "local" -> {
          value = cur != null && !cur.deleted() ? cur.data() : local.getJsonObject("data", new JsonObject());
          delete = cur != null ? cur.deleted() : local.getBoolean("deleted", false);
        }
        case "merged" -> {
          if (data == null) {
            throw OutpostException.badRequest("keep \"merged\" needs \"data\": the merged record");
          }
          value = data;
          delete = false;
        }
        default -> throw OutpostException.badRequest("keep must be \"hub\", \"local\" or \"merged\"");
      }
      // A deleted side is stored with "data": null (getJsonObject's default applies only to a missing key).
      value = value == null || delete ? new JsonObject() : value;
      LocalRecord base = cur != null ? cur : new LocalRecord(collection, id, null, true, "",
          hub.getLong("version", 0L), hub.getBoolean("deleted", false), RecordState.CONFLICT, store.now());
      conflict.put("resolving", keep);
      store.maps().conflicts.put(key.encode(), conflict.encode());
      // A deleted side carries no value (null data): the resolution is then a delete.
      JsonObject chosen = value == null ? new JsonObject() : value.copy();
      store.localWrites().resolution(key, base, chosen, delete, keep, hub.getLong("version", 0L),
          store.now());
      LocalRecord after = store.maps().record(key);
      return after;
    });
  }

  /** How many records are flagged (a gauge for /metrics; MVStore maps allow this read off the writer). */
  public long count() {
    return store.maps().conflicts.sizeAsLong();
  }
}
