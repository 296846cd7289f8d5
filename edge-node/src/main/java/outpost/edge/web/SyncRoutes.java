package outpost.edge.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.store.FailedItems;
import outpost.edge.sync.SyncApi;

/** POST /api/sync, the status, the run history and a run's retry of its failed items. */
final class SyncRoutes {
  static final int DEFAULT_RUNS_LIMIT = 50;
  static final int MAX_RUNS_LIMIT = 1000;

  private final SyncApi sync;
  private final FailedItems failed;
  private final Supplier<Instant> nextDue;

  SyncRoutes(SyncApi sync, FailedItems failed, Supplier<Instant> nextDue) {
    this.sync = sync;
    this.failed = failed;
    this.nextDue = nextDue;
  }

  void mount(Router router) {
    router.post("/api/sync").handler(this::start);
    router.get("/api/sync/status").handler(this::status);
    router.get("/api/sync/runs").handler(this::runs);
    router.get("/api/sync/runs/:id").handler(this::run);
    router.post("/api/sync/runs/:id/retry-failed").handler(this::retryFailed);
  }

  private void start(RoutingContext ctx) {
    Reply.with(ctx, sync.start("manual", null), 202, syncId -> new JsonObject().put("syncId", syncId));
  }

  private void status(RoutingContext ctx) {
    JsonObject current = sync.current().orElse(null);
    Future<List<JsonObject>> last = sync.runs(new SyncApi.RunQuery(null, null, null, null, null, null, 1));
    Future<List<JsonObject>> lastOk = sync.runs(new SyncApi.RunQuery(null, null, "COMPLETE", null, null, null, 1));
    Reply.with(ctx, Future.all(last, lastOk), 200, all -> {
      List<JsonObject> lastRuns = all.resultAt(0);
      List<JsonObject> okRuns = all.resultAt(1);
      Instant due = nextDue.get();
      return new JsonObject().put("state", current != null ? "running" : "idle").put("currentRun", current)
          .put("lastRun", lastRuns.isEmpty() ? null : summary(lastRuns.get(0)))
          .put("lastSuccessfulSync", okRuns.isEmpty() ? null : okRuns.get(0).getValue("finishedAt"))
          .put("nextDue", due == null ? null : due.toString()).put("pending", sync.pending());
    });
  }

  private void runs(RoutingContext ctx) {
    var q = ctx.queryParams();
    SyncApi.RunQuery query = new SyncApi.RunQuery(instant(q.get("from"), "from"), instant(q.get("to"), "to"),
        blankToNull(q.get("status")), blankToNull(q.get("collection")), blankToNull(q.get("operation")),
        blankToNull(q.get("q")), limit(q.get("limit")));
    Reply.with(ctx, sync.runs(query), 200, items -> new JsonObject().put("items",
        new JsonArray(items.stream().map(SyncRoutes::summary).toList())));
  }

  /**
   * A run without its detail (config and items are for GET /api/sync/runs/{id}): a list of runs stays
   * small however many changes each run carried.
   */
  static JsonObject summary(JsonObject run) {
    JsonObject out = run.copy();
    out.remove("config");
    out.remove("items");
    return out;
  }

  private void run(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Reply.with(ctx, sync.run(id), 200, r -> r.orElseThrow(
        () -> new OutpostException(ErrorCode.NOT_FOUND, "no sync run " + id)));
  }

  /**
   * Re-queues a run's failed items and starts a run. The run must exist (finished, or the one running now):
   * an unknown id is 404 and starts nothing.
   */
  private void retryFailed(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    boolean running = sync.current().map(run -> id.equals(run.getString("id"))).orElse(false);
    Future<Boolean> known = running ? Future.succeededFuture(true) : sync.run(id).map(run -> run.isPresent());
    Future<JsonObject> retried = known.compose(found -> !found
        ? Future.failedFuture(new OutpostException(ErrorCode.NOT_FOUND, "no sync run " + id))
        : failed.retry(id).compose(n -> sync.start("manual", null)
            .map(syncId -> new JsonObject().put("retried", n).put("syncId", syncId))));
    Reply.with(ctx, retried, 202, body -> body);
  }

  static Instant instant(String raw, String name) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(raw.trim());
    } catch (DateTimeParseException e) {
      throw OutpostException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-24T10:00:00Z");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static int limit(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_RUNS_LIMIT;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n < 1) {
        throw OutpostException.badRequest("limit must be at least 1");
      }
      return Math.min(n, MAX_RUNS_LIMIT);
    } catch (NumberFormatException e) {
      throw OutpostException.badRequest("limit must be a number");
    }
  }
}
