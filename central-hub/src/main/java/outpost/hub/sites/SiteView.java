package outpost.hub.sites;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import outpost.hub.store.HubRun;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.SiteReport;

/** One site as GET /api/sites and `central-hub site list` show it (docs/rest-api.md). */
final class SiteView {
  private SiteView() {}

  static JsonObject of(SiteRecord s, int pendingConflicts, long lag, HubRun latest, SiteReport report) {
    String lastStatus = latest != null ? latest.status() : s.lastStatus();
    return new JsonObject().put("id", s.id()).put("disabled", s.disabled())
        .put("createdAt", iso(s.createdAtMillis())).put("lastSeen", iso(s.lastSeenMillis()))
        .put("lastStatus", lastStatus.isEmpty() ? null : lastStatus)
        .put("lastSyncId", latest != null ? latest.syncId() : s.lastSyncId().isEmpty() ? null : s.lastSyncId())
        .put("pendingConflicts", pendingConflicts).put("lag", lag).put("pullCursor", s.pullCursor())
        .put("lastRun", latest == null ? null : lastRun(latest))
        .put("fleet", report == null ? null : fleet(report));
  }

  private static JsonObject lastRun(HubRun r) {
    return new JsonObject().put("id", r.syncId()).put("status", r.status()).put("confirmed", r.confirmed())
        .put("hubStatus", r.hubStatus()).put("startedAt", iso(r.startedAtMillis()))
        .put("finishedAt", iso(r.finishedAtMillis())).put("rejected", r.rejected()).put("conflicts", r.conflicts())
        .put("error", r.error().isEmpty() ? null : r.error()).put("edgeError", edgeError(r));
  }

  /** The error the site reported its part of the run ended with, as "CODE: message"; null when none. */
  private static String edgeError(HubRun r) {
    if (r.edge() == null || r.edge().errorCode().isEmpty()) {
      return null;
    }
    String code = r.edge().errorCode();
    String message = r.edge().errorMessage();
    return message.startsWith(code) ? message : code + ": " + message;
  }

  /** What the edge said at its latest sync; null fields it never sent stay 0 or "" as the protocol says. */
  private static JsonObject fleet(SiteReport r) {
    return new JsonObject().put("reportedAt", iso(r.receivedAtMillis())).put("nodeVersion", r.nodeVersion())
        .put("pending", r.pending()).put("oldestPending", iso(r.oldestPendingMillis()))
        .put("failedItems", r.failedItems()).put("openConflicts", r.openConflicts())
        .put("storeBytes", r.storeBytes()).put("lastError", r.lastError().isEmpty() ? null : r.lastError())
        .put("lastErrorCode", r.lastErrorCode().isEmpty() ? null : r.lastErrorCode());
  }

  static String iso(long millis) {
    return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
  }
}
