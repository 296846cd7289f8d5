package outpost.hub.store;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A registered site. Only a password hash of its token is stored.
 *
 * @param lastSeq the highest origin sequence the hub has processed from the site (exactly-once)
 * @param pullCursor the cursor of the site's last completed pull (for lag)
 */
public record SiteRecord(String id, String tokenHash, boolean disabled, long createdAtMillis,
    long lastSeenMillis, String lastStatus, String lastSyncId, long lastSeq, long pullCursor) {

  public SiteRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tokenHash, "tokenHash");
    lastStatus = lastStatus == null ? "" : lastStatus;
    lastSyncId = lastSyncId == null ? "" : lastSyncId;
  }

  public static SiteRecord create(String id, String tokenHash, long now) {
    return new SiteRecord(id, tokenHash, false, now, 0, "", "", 0, 0);
  }

  public SiteRecord withDisabled(boolean value) {
    return new SiteRecord(id, tokenHash, value, createdAtMillis, lastSeenMillis, lastStatus, lastSyncId, lastSeq,
        pullCursor);
  }

  public SiteRecord withTokenHash(String hash) {
    return new SiteRecord(id, hash, disabled, createdAtMillis, lastSeenMillis, lastStatus, lastSyncId, lastSeq,
        pullCursor);
  }

  public SiteRecord withLastSeq(long seq) {
    return new SiteRecord(id, tokenHash, disabled, createdAtMillis, lastSeenMillis, lastStatus, lastSyncId,
        Math.max(lastSeq, seq), pullCursor);
  }

  public SiteRecord withActivity(long seenAt, String status, String syncId) {
    return new SiteRecord(id, tokenHash, disabled, createdAtMillis, seenAt, status == null ? lastStatus : status,
        syncId == null ? lastSyncId : syncId, lastSeq, pullCursor);
  }

  public SiteRecord withPullCursor(long cursor) {
    return new SiteRecord(id, tokenHash, disabled, createdAtMillis, lastSeenMillis, lastStatus, lastSyncId, lastSeq,
        Math.max(pullCursor, cursor));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("tokenHash", tokenHash).put("disabled", disabled)
        .put("createdAt", createdAtMillis).put("lastSeen", lastSeenMillis).put("lastStatus", lastStatus)
        .put("lastSyncId", lastSyncId).put("lastSeq", lastSeq).put("pullCursor", pullCursor);
  }

  public static SiteRecord fromJson(JsonObject j) {
    return new SiteRecord(j.getString("id"), j.getString("tokenHash"), j.getBoolean("disabled", false),
        j.getLong("createdAt", 0L), j.getLong("lastSeen", 0L), j.getString("lastStatus"), j.getString("lastSyncId"),
        j.getLong("lastSeq", 0L), j.getLong("pullCursor", 0L));
  }
}
