package outpost.hub.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import outpost.common.RecordKey;

/**
 * An open conflict: a site's proposal that collided with the hub's value. The hub's value stays in
 * force; both values, the base version and the colliding fields are kept until a person decides.
 *
 * @param resolvedTwice null, or when the proposal is a second resolution that chose differently from the one the
 *     hub accepted first: which choice came later and who made the earlier one ({@link SecondResolution})
 */
public record ConflictEntry(String collection, String id, String site, long baseVersion,
    JsonObject hubData, boolean hubDeleted, long hubVersion, JsonObject localData, boolean localDeleted,
    List<String> fields, long detectedAtMillis, String syncId, long originSeq, JsonObject resolvedTwice) {

  public ConflictEntry(String collection, String id, String site, long baseVersion, JsonObject hubData,
      boolean hubDeleted, long hubVersion, JsonObject localData, boolean localDeleted, List<String> fields,
      long detectedAtMillis, String syncId, long originSeq) {
    this(collection, id, site, baseVersion, hubData, hubDeleted, hubVersion, localData, localDeleted, fields,
        detectedAtMillis, syncId, originSeq, null);
  }

  public ConflictEntry {
    fields = List.copyOf(fields);
    syncId = syncId == null ? "" : syncId;
  }

  public RecordKey key() {
    return new RecordKey(collection, id);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("collection", collection).put("id", id).put("site", site)
        .put("baseVersion", baseVersion)
        .put("hub", new JsonObject().put("data", hubData).put("deleted", hubDeleted).put("version", hubVersion))
        .put("local", new JsonObject().put("data", localData).put("deleted", localDeleted))
        .put("fields", new JsonArray(List.copyOf(fields))).put("detectedAt", detectedAtMillis)
        .put("syncId", syncId).put("originSeq", originSeq);
    return resolvedTwice == null ? json : json.put("resolvedTwice", resolvedTwice);
  }

  public static ConflictEntry fromJson(JsonObject j) {
    JsonObject hub = j.getJsonObject("hub");
    JsonObject local = j.getJsonObject("local");
    return new ConflictEntry(j.getString("collection"), j.getString("id"), j.getString("site"),
        j.getLong("baseVersion"), hub.getJsonObject("data"), hub.getBoolean("deleted"), hub.getLong("version"),
        local.getJsonObject("data"), local.getBoolean("deleted"),
        j.getJsonArray("fields").stream().map(String::valueOf).toList(), j.getLong("detectedAt"),
        j.getString("syncId"), j.getLong("originSeq", 0L), j.getJsonObject("resolvedTwice"));
  }
}
