package outpost.hub.store;

import io.vertx.core.json.JsonObject;

/**
 * What an edge said about itself at its latest sync (the protocol's FleetReport, docs/protocol.md): the hub
 * keeps the latest one per site for its fleet view. Edges that predate the report never send one; their sites
 * have none.
 *
 * @param pending the edge's changes waiting for this hub
 * @param oldestPendingMillis when the oldest of them was written; 0 when none waits
 * @param storeBytes the edge store's size on disk
 * @param lastErrorCode the code of {@code lastError}; "" when none or from an edge that does not send it
 */
public record SiteReport(String site, long receivedAtMillis, String nodeVersion, long pending,
    long oldestPendingMillis, long failedItems, long openConflicts, long storeBytes, String lastError,
    String lastErrorCode) {

  public SiteReport {
    nodeVersion = nodeVersion == null ? "" : nodeVersion;
    lastError = lastError == null ? "" : lastError;
    lastErrorCode = lastErrorCode == null ? "" : lastErrorCode;
  }

  /** A report without an error code. */
  public SiteReport(String site, long receivedAtMillis, String nodeVersion, long pending, long oldestPendingMillis,
      long failedItems, long openConflicts, long storeBytes, String lastError) {
    this(site, receivedAtMillis, nodeVersion, pending, oldestPendingMillis, failedItems, openConflicts, storeBytes,
        lastError, "");
  }

  public JsonObject toJson() {
    return new JsonObject().put("site", site).put("receivedAt", receivedAtMillis).put("nodeVersion", nodeVersion)
        .put("pending", pending).put("oldestPending", oldestPendingMillis).put("failedItems", failedItems)
        .put("openConflicts", openConflicts).put("storeBytes", storeBytes).put("lastError", lastError).put("lastErrorCode", lastErrorCode);
  }

  public static SiteReport fromJson(JsonObject j) {
    return new SiteReport(j.getString("site"), j.getLong("receivedAt", 0L), j.getString("nodeVersion"),
        j.getLong("pending", 0L), j.getLong("oldestPending", 0L), j.getLong("failedItems", 0L),
        j.getLong("openConflicts", 0L), j.getLong("storeBytes", 0L), j.getString("lastError"),
        j.getString("lastErrorCode"));
  }
}
