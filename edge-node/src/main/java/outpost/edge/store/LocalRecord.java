package outpost.edge.store;

import io.vertx.core.json.JsonObject;

/**
 * A record as the edge holds it.
 *
 * @param data the local value (what apps read); empty for a local deletion not yet pushed
 * @param deleted whether the record is deleted locally (a tombstone kept until the hub acknowledges it)
 * @param owner the owner site ("" for shared collections)
 * @param hubVersion the version of the hub's copy this record is based on (0 = the hub has none yet)
 * @param hubDeleted whether the hub's copy at hubVersion is a deletion
 * @param state synced, pending, conflict or failed
 * @param pendingSeq the origin sequence of the record's unpushed log entry (one per record, after coalescing), or 0.
 *     Kept in the record rather than in an index of its own, so that a write updates one random key, not two.
 */
public record LocalRecord(String collection, String id, JsonObject data, boolean deleted, String owner,
    long hubVersion, boolean hubDeleted, RecordState state, long updatedAtMillis, long pendingSeq) {

  public LocalRecord {
    data = data == null ? new JsonObject() : data;
    owner = owner == null ? "" : owner;
  }

  /** A record with no unpushed change. */
  public LocalRecord(String collection, String id, JsonObject data, boolean deleted, String owner,
      long hubVersion, boolean hubDeleted, RecordState state, long updatedAtMillis) {
    this(collection, id, data, deleted, owner, hubVersion, hubDeleted, state, updatedAtMillis, 0);
  }

  /** Whether an unpushed local change of this record waits in the log. */
  public boolean hasPending() {
    return pendingSeq != 0;
  }

  /** Whether the hub's copy counts in the scope digest. */
  public boolean countsInDigest() {
    return hubVersion > 0 && !hubDeleted;
  }

  public LocalRecord with(JsonObject newData, boolean newDeleted, RecordState newState, long now) {
    return new LocalRecord(collection, id, newData, newDeleted, owner, hubVersion, hubDeleted, newState, now,
        pendingSeq);
  }

  public LocalRecord withHub(long version, boolean deletedOnHub, RecordState newState) {
    return new LocalRecord(collection, id, data, deleted, owner, version, deletedOnHub, newState, updatedAtMillis,
        pendingSeq);
  }

  public LocalRecord withPending(long seq) {
    return new LocalRecord(collection, id, data, deleted, owner, hubVersion, hubDeleted, state, updatedAtMillis, seq);
  }

  public JsonObject toApiJson() {
    return new JsonObject().put("collection", collection).put("id", id).put("site", owner).put("data", data)
        .put("sync", new JsonObject().put("state", state.json()).put("version", hubVersion));
  }
}
