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
      + "origin_site, origin_seq, in_conflict, resolves_conflict, updated_at, as_sent";

  /**
   * All written records of a batch in one statement: one array per column, unnested into rows. One
   * statement instead of one per row (executeBatch) took about a third less time per 500-record batch
   * here, and that time is spent holding the head lock. A batch writes each record once (the plan is
   * keyed by record), as ON CONFLICT DO UPDATE requires.
   */
  static final String UPSERT_RECORDS = "INSERT INTO records (" + RECORD_COLUMNS + ") "
      + "SELECT c, i, o, v, d, dt::json, f::json, ds::json, os, oq, ic, rc, u, a FROM unnest($1::text[], $2::text[], "
      + "$3::text[], $4::bigint[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], "
      + "$11::boolean[], $12::boolean[], $13::bigint[], $14::boolean[]) "
      + "AS t(c, i, o, v, d, dt, f, ds, os, oq, ic, rc, u, a) "
      + "ON CONFLICT (collection, id) DO UPDATE SET owner = EXCLUDED.owner, version = EXCLUDED.version, "
      + "deleted = EXCLUDED.deleted, data = EXCLUDED.data, fields = EXCLUDED.fields, "
      + "delete_stamp = EXCLUDED.delete_stamp, origin_site = EXCLUDED.origin_site, "
      + "origin_seq = EXCLUDED.origin_seq, in_conflict = EXCLUDED.in_conflict, "
      + "resolves_conflict = EXCLUDED.resolves_conflict, updated_at = EXCLUDED.updated_at, "
      + "as_sent = EXCLUDED.as_sent";

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
        row.getBoolean("resolves_conflict"), row.getLong("updated_at"), row.getBoolean("as_sent"));
  }

  /** The records as the column arrays {@link #UPSERT_RECORDS} expects. */
  static Tuple recordArrays(Collection<StoredRecord> records) {
    int n = records.size();
    String[] c = new String[n];
    String[] i = new String[n];
    String[] o = new String[n];
    Long[] v = new Long[n];
    Boolean[] d = new Boolean[n];
    String[] dt = new String[n];
    String[] f = new String[n];
    String[] ds = new String[n];
    String[] os = new String[n];
    Long[] oq = new Long[n];
    Boolean[] ic = new Boolean[n];
    Boolean[] rc = new Boolean[n];
    Long[] u = new Long[n];
    Boolean[] a = new Boolean[n];
    int k = 0;
    for (StoredRecord r : records) {
      c[k] = r.collection();
      i[k] = r.id();
      o[k] = r.owner();
      v[k] = r.version();
      d[k] = r.deleted();
      dt[k] = r.data().encode();
      f[k] = StoredRecord.stampsToJson(r.fields()).encode();
      FieldStamp s = r.deleteStamp();
      ds[k] = s == null ? null : new JsonObject().put("v", s.version()).put("o", s.origin()).encode();
      os[k] = r.originSite();
      oq[k] = r.originSeq();
      ic[k] = r.inConflict();
      rc[k] = r.resolvesConflict();
      a[k] = r.asSent();
      u[k++] = r.updatedAtMillis();
    }
    return Tuple.tuple().addArrayOfString(c).addArrayOfString(i).addArrayOfString(o).addArrayOfLong(v)
        .addArrayOfBoolean(d).addArrayOfString(dt).addArrayOfString(f).addArrayOfString(ds).addArrayOfString(os)
        .addArrayOfLong(oq).addArrayOfBoolean(ic).addArrayOfBoolean(rc).addArrayOfLong(u).addArrayOfBoolean(a);
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
