package outpost.hub.store;

import io.vertx.core.json.JsonObject;

/** The hub's view of one sync run of a site: what it pushed and pulled, and how it ended. */
public record HubRun(String syncId, String site, long startedAtMillis, long finishedAtMillis, String status,
    long pushed, long applied, long conflicts, long rejected, long duplicates, long pulled, String error) {

  public HubRun {
    error = error == null ? "" : error;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", syncId).put("site", site).put("startedAt", startedAtMillis)
        .put("finishedAt", finishedAtMillis).put("status", status).put("pushed", pushed).put("applied", applied)
        .put("conflicts", conflicts).put("rejected", rejected).put("duplicates", duplicates)
        .put("pulled", pulled).put("error", error);
  }

  /**
   * This run with a later part of it added: counts add up, the earliest start and the latest finish win, the
   * worse status wins, and the part's error when it has one. The PostgreSQL store applies the same rules in SQL
   * ({@code outpost_merge_run}, db/migration/V2).
   */
  public HubRun plus(HubRun part) {
    return new HubRun(part.syncId(), part.site(), Math.min(startedAtMillis, part.startedAtMillis()),
        Math.max(finishedAtMillis, part.finishedAtMillis()), worse(status, part.status()), pushed + part.pushed(),
        applied + part.applied(), conflicts + part.conflicts(), rejected + part.rejected(),
        duplicates + part.duplicates(), pulled + part.pulled(), part.error().isEmpty() ? error : part.error());
  }

  private static String worse(String a, String b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(String status) {
    return switch (status) {
      case "FAILED" -> 3;
      case "PARTIAL" -> 2;
      case "COMPLETE" -> 1;
      default -> 0;
    };
  }

  public static HubRun fromJson(JsonObject j) {
    return new HubRun(j.getString("id"), j.getString("site"), j.getLong("startedAt", 0L),
        j.getLong("finishedAt", 0L), j.getString("status"), j.getLong("pushed", 0L), j.getLong("applied", 0L),
        j.getLong("conflicts", 0L), j.getLong("rejected", 0L), j.getLong("duplicates", 0L),
        j.getLong("pulled", 0L), j.getString("error"));
  }
}
