package outpost.hub.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One change of a run that did not simply apply: refused ({@code REJECTED}, with the code and reason the site
 * was told) or in conflict ({@code CONFLICT}, with the fields both sides changed). The hub keeps these per run so
 * that a run's detail can name them (docs/web-view.md).
 */
public record RunItem(String collection, String id, String operation, String status, String code, String reason,
    List<String> fields) {

  public RunItem {
    code = code == null ? "" : code;
    reason = reason == null ? "" : reason;
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  public JsonObject toJson() {
    return new JsonObject().put("collection", collection).put("id", id).put("operation", operation)
        .put("status", status).put("code", code).put("reason", reason).put("fields", new JsonArray(fields));
  }

  public static RunItem fromJson(JsonObject j) {
    JsonArray fields = j.getJsonArray("fields", new JsonArray());
    return new RunItem(j.getString("collection"), j.getString("id"), j.getString("operation"), j.getString("status"),
        j.getString("code"), j.getString("reason"), fields.stream().map(String::valueOf).toList());
  }
}
