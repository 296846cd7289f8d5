package outpost.hub.store.pg;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import outpost.common.RecordKey;
import outpost.common.merge.FieldStamp;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.StoredRecord;

/** Maps rows of the hub schema to the store's records and back. Pure. */
final class PgRows {
  static final String RECORD_COLUMNS = "collection, id, owner, version, deleted, data, fields, delete_stamp, "
      + "origin_site, origin_seq, in_conflict, resolves_conflict, updated_at";

  static final String UPSERT_RECORD = "INSERT INTO records (" + RECORD_COLUMNS + ") "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
      + "ON CONFLICT (collection, id) DO UPDATE SET owner = EXCLUDED.owner, version = EXCLUDED.version, "
      + "deleted = EXCLUDED.deleted, data = EXCLUDED.data, fields = EXCLUDED.fields, "
      + "delete_stamp = EXCLUDED.delete_stamp, origin_site = EXCLUDED.origin_site, "
      + "origin_seq = EXCLUDED.origin_seq, in_conflict = EXCLUDED.in_conflict, "
      + "resolves_conflict = EXCLUDED.resolves_conflict, updated_at = EXCLUDED.updated_at";

  static final String SITE_COLUMNS = "id, token_hash, disabled, created_at, last_seen, last_status, last_sync_id, "
      + "last_seq, pull_cursor";

  /** Selects rows whose (collection, id) is among two parallel arrays: one query for a whole batch. */
  static final String KEYS_IN = "(collection, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))";

  private PgRows() {}

  static StoredRecord record(Row row) {
    JsonObject deleteStamp = row.getJsonObject("delete_stamp");
    return new StoredRecord(row.getString("collection"), row.getString("id"), row.getString("owner"),
        row.getLong("version"), row.getBoolean("deleted"), row.getJsonObject("data"),
        StoredRecord.stampsFromJson(row.getJsonObject("fields")),
        deleteStamp == null ? null : new FieldStamp(deleteStamp.getLong("v"), deleteStamp.getString("o")),
        row.getString("origin_site"), row.getLong("origin_seq"), row.getBoolean("in_conflict"),
        row.getBoolean("resolves_conflict"), row.getLong("updated_at"));
  }

  static Tuple recordTuple(StoredRecord r) {
    FieldStamp ds = r.deleteStamp();
    return Tuple.tuple().addValue(r.collection()).addValue(r.id()).addValue(r.owner()).addValue(r.version())
        .addValue(r.deleted()).addValue(r.data()).addValue(StoredRecord.stampsToJson(r.fields()))
        .addValue(ds == null ? null : new JsonObject().put("v", ds.version()).put("o", ds.origin()))
        .addValue(r.originSite()).addValue(r.originSeq()).addValue(r.inConflict())
        .addValue(r.resolvesConflict()).addValue(r.updatedAtMillis());
  }

  static ConflictEntry conflict(Row row) {
    return ConflictEntry.fromJson(row.getJsonObject("json"));
  }

  static SiteRecord site(Row row) {
    return new SiteRecord(row.getString("id"), row.getString("token_hash"), row.getBoolean("disabled"),
        row.getLong("created_at"), row.getLong("last_seen"), row.getString("last_status"),
        row.getString("last_sync_id"), row.getLong("last_seq"), row.getLong("pull_cursor"));
  }

  /** The keys as the two parallel arrays {@link #KEYS_IN} expects. */
  static Tuple keyArrays(Collection<RecordKey> keys) {
    String[] collections = new String[keys.size()];
    String[] ids = new String[keys.size()];
    int i = 0;
    for (RecordKey key : keys) {
      collections[i] = key.collection();
      ids[i++] = key.id();
    }
    return Tuple.tuple().addArrayOfString(collections).addArrayOfString(ids);
  }
}
