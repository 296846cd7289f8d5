package outpost.hub.store;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import outpost.common.RecordKey;
import outpost.common.merge.FieldStamp;
import outpost.common.merge.HubRecordState;

/**
 * The hub's copy of a record with its sync metadata.
 *
 * @param owner the owner site of a site-scoped record, "" for shared records
 * @param version the hub sequence of the last change
 * @param fields per top-level field (removed ones too) the stamp of its last change
 * @param deleteStamp the deletion's stamp when deleted
 * @param originSite the site of the last change ("" for a hub write)
 * @param originSeq that site's sequence for the change
 * @param inConflict whether a conflict on the record waits for a person
 * @param resolvesConflict whether the last change resolved a conflict
 * @param updatedAtMillis when the last change was committed
 * @param asSent whether the stored value is exactly what the origin site sent under {@code originSeq} (an
 *     APPLIED change, not merged with another): that site already holds this version once it has the push
 *     result, so its pulls can leave the record out ({@link HubStore#pull(String, java.util.Set, long, int,
 *     long)})
 */
public record StoredRecord(String collection, String id, String owner, long version, boolean deleted,
    JsonObject data, Map<String, FieldStamp> fields, FieldStamp deleteStamp, String originSite,
    long originSeq, boolean inConflict, boolean resolvesConflict, long updatedAtMillis, boolean asSent) {

  public StoredRecord {
    owner = owner == null ? "" : owner;
    originSite = originSite == null ? "" : originSite;
    data = data == null ? new JsonObject() : data;
    fields = Map.copyOf(fields);
  }

  /** A record not known to be exactly as its origin sent it (hub writes, merges, older files). */
  public StoredRecord(String collection, String id, String owner, long version, boolean deleted,
      JsonObject data, Map<String, FieldStamp> fields, FieldStamp deleteStamp, String originSite,
      long originSeq, boolean inConflict, boolean resolvesConflict, long updatedAtMillis) {
    this(collection, id, owner, version, deleted, data, fields, deleteStamp, originSite, originSeq, inConflict,
        resolvesConflict, updatedAtMillis, false);
  }

  /**
   * Whether a pull by {@code site}, whose push position is {@code acknowledgedSeq}, leaves this record out. Not
   * while a conflict is open on it: an edge holding that conflict keeps the hub's side of it from pulls.
   */
  public boolean heldBy(String site, long acknowledgedSeq) {
    return asSent && !inConflict && !site.isEmpty() && site.equals(originSite) && originSeq <= acknowledgedSeq;
  }

  public StoredRecord withAsSent(boolean flag) {
    return new StoredRecord(collection, id, owner, version, deleted, data, fields, deleteStamp,
        originSite, originSeq, inConflict, resolvesConflict, updatedAtMillis, flag);
  }

  public RecordKey key() {
    return new RecordKey(collection, id);
  }

  public HubRecordState mergeState() {
    return new HubRecordState(true, deleted, version, data, fields, deleteStamp);
  }

  public StoredRecord withConflictFlag(boolean flag) {
    return new StoredRecord(collection, id, owner, version, deleted, data, fields, deleteStamp,
        originSite, originSeq, flag, resolvesConflict, updatedAtMillis, asSent);
  }

  /** The JSON form the embedded store persists and the admin API shows. */
  public JsonObject toJson() {
    JsonObject stamps = new JsonObject();
    fields.forEach((f, s) -> stamps.put(f, new JsonObject().put("v", s.version()).put("o", s.origin())));
    JsonObject json = new JsonObject()
        .put("collection", collection).put("id", id).put("owner", owner).put("version", version)
        .put("deleted", deleted).put("data", data).put("fields", stamps)
        .put("originSite", originSite).put("originSeq", originSeq).put("inConflict", inConflict)
        .put("resolvesConflict", resolvesConflict).put("updatedAt", updatedAtMillis);
    if (asSent) {
      json.put("asSent", true);
    }
    if (deleteStamp != null) {
      json.put("deleteStamp", new JsonObject().put("v", deleteStamp.version()).put("o", deleteStamp.origin()));
    }
    return json;
  }

  public static StoredRecord fromJson(JsonObject json) {
    return new StoredRecord(json.getString("collection"), json.getString("id"), json.getString("owner"),
        json.getLong("version"), json.getBoolean("deleted"), json.getJsonObject("data"),
        stampsFromJson(json.getJsonObject("fields")), stampFromJson(json.getJsonObject("deleteStamp")),
        json.getString("originSite"), json.getLong("originSeq", 0L), json.getBoolean("inConflict", false),
        json.getBoolean("resolvesConflict", false), json.getLong("updatedAt", 0L),
        json.getBoolean("asSent", false));
  }

  public static Map<String, FieldStamp> stampsFromJson(JsonObject stamps) {
    Map<String, FieldStamp> fields = new LinkedHashMap<>();
    if (stamps != null) {
      stamps.forEach(e -> fields.put(e.getKey(), stampFromJson((JsonObject) e.getValue())));
    }
    return fields;
  }

  public static JsonObject stampsToJson(Map<String, FieldStamp> fields) {
    JsonObject stamps = new JsonObject();
    fields.forEach((f, s) -> stamps.put(f, new JsonObject().put("v", s.version()).put("o", s.origin())));
    return stamps;
  }

  private static FieldStamp stampFromJson(JsonObject stamp) {
    return stamp == null ? null : new FieldStamp(stamp.getLong("v"), stamp.getString("o"));
  }
}
