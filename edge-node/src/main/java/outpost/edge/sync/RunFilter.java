package outpost.edge.sync;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The filters of GET /api/sync/runs applied to one RUN JSON. */
final class RunFilter {
  private RunFilter() {}

  static boolean matches(JsonObject run, SyncApi.RunQuery q) {
    Instant started = Instant.parse(run.getString("startedAt"));
    if (q.from() != null && started.isBefore(q.from()) || q.to() != null && started.isAfter(q.to())) {
      return false;
    }
    if (q.status() != null && !q.status().equalsIgnoreCase(run.getString("status"))) {
      return false;
    }
    if (q.collection() != null || q.operation() != null) {
      boolean any = run.getJsonArray("counts").stream().map(JsonObject.class::cast).anyMatch(c ->
          (q.collection() == null || q.collection().equals(c.getString("collection")))
              && (q.operation() == null || q.operation().equals(c.getString("operation"))));
      if (!any) {
        return false;
      }
    }
    if (q.q() != null && !q.q().isBlank()) {
      String needle = q.q().trim();
      if (!run.getString("id").equals(needle)) {
        return run.getJsonArray("items", new io.vertx.core.json.JsonArray()).stream().map(JsonObject.class::cast)
            .anyMatch(i -> needle.equals(i.getString("id")));
      }
    }
    return true;
  }
}
