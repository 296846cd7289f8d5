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
import outpost.edge.run.RunJson;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.schedule.ScheduleStatus;
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
    Reply.with(ctx, sync.requestManual(), 202, syncId -> new JsonObject().put("syncId", syncId));
  }

  private void status(RoutingContext ctx) {
    RunResult current = sync.current().orElse(null);
    Future<List<RunResult>> last = sync.runs(SyncApi.RunQuery.latest(null, 1));
    Future<List<RunResult>> lastOk = sync.runs(SyncApi.RunQuery.latest(RunStatus.COMPLETE.json(), 1));
    Reply.with(ctx, Future.all(last, lastOk), 200, all -> {
      List<RunResult> lastRuns = all.resultAt(0);
      List<RunResult> okRuns = all.resultAt(1);
      Instant due = nextDue.get();
      return new JsonObject().put("state", current != null ? "running" : "idle")
          .put("currentRun", current == null ? null : RunJson.toJson(current))
          .put("lastRun", lastRuns.isEmpty() ? null : RunJson.toJson(lastRuns.get(0)))
          .put("lastSuccessfulSync", okRuns.isEmpty() || okRuns.get(0).finishedAt() == null ? null
              : okRuns.get(0).finishedAt().toString())
          .put("nextDue", due == null ? null : due.toString()).put("nextRetry", nextRetry(sync.schedule()))
          .put("queuedRun", queuedRun(sync.schedule()))
          .put("pending", new JsonObject(new java.util.LinkedHashMap<>(sync.pending())));
    });
  }

  /**
   * The retry the scheduler will start after failed runs: when (null while it waits for a hub to answer
   * again, or for the running run), why, and how many runs failed in a row; null when nothing failed.
   */
  static JsonObject nextRetry(ScheduleStatus s) {
    if (s.consecutiveFailures() == 0) {
      return null;
    }
    return new JsonObject().put("at", s.backoffUntil() == null ? null : s.backoffUntil().toString())
        .put("reason", s.retryReason()).put("consecutiveFailures", s.consecutiveFailures())
        .put("waitingForHub", s.disconnected());
  }

  /** The manual run a Sync now queued behind a running automatic retry (it starts when that one ends), or null. */
  static JsonObject queuedRun(ScheduleStatus s) {
    if (s.queuedManualId() == null) {
      return null;
    }
    return new JsonObject().put("id", s.queuedManualId()).put("trigger", "manual").put("after", s.currentSyncId());
  }

  private void runs(RoutingContext ctx) {
    var q = ctx.queryParams();
    SyncApi.RunQuery query = new SyncApi.RunQuery(instant(q.get("from"), "from"), instant(q.get("to"), "to"),
        blankToNull(q.get("status")), blankToNull(q.get("collection")), blankToNull(q.get("operation")),
        blankToNull(q.get("q")), limit(q.get("limit")));
    // Without detail (config and items are for GET /api/sync/runs/{id}): a list stays small however many
    // changes each run carried.
    Reply.with(ctx, sync.runs(query), 200, items -> new JsonObject().put("items",
        new JsonArray(items.stream().map(r -> RunJson.toJson(r.summary())).toList())));
  }

  private void run(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Reply.with(ctx, sync.run(id), 200, r -> RunJson.toJson(r.orElseThrow(
        () -> new OutpostException(ErrorCode.NOT_FOUND, "no sync run " + id))));
  }

  /**
   * Re-queues a run's failed items and starts a run. The run must exist (finished, or the one running now):
   * an unknown id is 404 and starts nothing.
   */
  private void retryFailed(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    boolean running = sync.current().map(run -> id.equals(run.id())).orElse(false);
    Future<Boolean> known = running ? Future.succeededFuture(true) : sync.run(id).map(run -> run.isPresent());
    Future<JsonObject> retried = known.compose(found -> !found
        ? Future.failedFuture(new OutpostException(ErrorCode.NOT_FOUND, "no sync run " + id))
        : failed.retry(id).compose(n -> sync.requestManual()
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
