package outpost.hub.store;

import io.vertx.core.json.JsonObject;

/** Who resolved which conflict, when, with which choice, and both values at the time. */
public record AuditEntry(long atMillis, String actor, String collection, String id, String choice,
    JsonObject hubValue, JsonObject localValue, JsonObject result, long resultVersion) {

  public JsonObject toJson() {
    return new JsonObject().put("at", atMillis).put("actor", actor).put("collection", collection)
        .put("id", id).put("choice", choice).put("hubValue", hubValue).put("localValue", localValue)
        .put("result", result).put("resultVersion", resultVersion);
  }

  public static AuditEntry fromJson(JsonObject j) {
    return new AuditEntry(j.getLong("at"), j.getString("actor"), j.getString("collection"), j.getString("id"),
        j.getString("choice"), j.getJsonObject("hubValue"), j.getJsonObject("localValue"),
        j.getJsonObject("result"), j.getLong("resultVersion"));
  }
}
