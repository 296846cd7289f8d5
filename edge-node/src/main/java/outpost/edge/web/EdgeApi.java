package outpost.edge.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.function.Supplier;
import outpost.common.http.ConnectionGuard;
import outpost.common.http.HostAllowList;
import outpost.common.http.SecurityHeaders;
import outpost.edge.config.EdgeConfig;
import outpost.edge.schedule.ScheduleConfig;
import outpost.edge.settings.ScheduleSettings;
import outpost.edge.store.Conflicts;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.FailedItems;
import outpost.edge.sync.SyncApi;

/**
 * Builds the edge node's router: boundary guards first (security headers, host allow-list, API token,
 * cross-site refusal, JSON content type, body limit), then the routes, then one failure handler that maps error codes.
 */
public final class EdgeApi {
  private EdgeApi() {}

  /**
   * The router with a fresh metrics registry and no scheduler (nextDue null); /api/schedule serves the config
   * file's schedule and stores changes without applying them to a running scheduler.
   */
  public static Router router(Vertx vertx, EdgeConfig config, EdgeStore store, Conflicts conflicts,
      FailedItems failed, SyncApi sync) {
    return router(vertx, config, store, conflicts, failed, sync, new EdgeMetrics(config, store, conflicts, failed),
        () -> null, new ScheduleSettings(store, ScheduleConfig.fromJson(config.schedule(), "schedule"), null));
  }

  /**
   * The full router.
   *
   * @param sync the sync engine; null serves records, conflicts and operations only (the sync routes then
   *     answer 404) — for an embedding that never syncs, and tests of the record surface
   * @param nextDue when the scheduler will next start a run (null when none is planned)
   * @param schedule the schedule in force and its changes (GET/PUT/DELETE /api/schedule)
   */
  public static Router router(Vertx vertx, EdgeConfig config, EdgeStore store, Conflicts conflicts,
      FailedItems failed, SyncApi sync, EdgeMetrics metrics, Supplier<Instant> nextDue, ScheduleSettings schedule) {
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::handle);
    // Every path, reads and the view included: a DNS-rebinding page must get nothing from the node.
    router.route().handler(HostAllowList.of(config.httpHost(), config.allowedHosts())::handle);
    if (config.apiToken() != null) {
      router.route("/api/*").handler(Guards.bearer(config.apiToken()));
    }
    router.route().handler(Guards::sameOrigin);
    router.route().handler(Guards::jsonContentType);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));

    new RecordsRoutes(config, store).mount(router);
    new ConflictRoutes(conflicts).mount(router);
    new FailedRoutes(failed, sync).mount(router);
    new OpsRoutes(config, store, metrics).mount(router);
    new ViewRoutes(vertx, config, schedule).mount(router);
    new ScheduleRoutes(schedule, nextDue).mount(router);
    router.get("/openapi.json").handler(ctx -> vertx.fileSystem().readFile("openapi/edge.json") // docs/openapi, on the classpath
        .onSuccess(doc -> ctx.response().putHeader("Content-Type", "application/json").end(doc)).onFailure(ctx::fail));
    if (sync != null) {
      new SyncRoutes(sync, failed, nextDue).mount(router);
      SyncEvents events = new SyncEvents(sync, config.httpLimits().keepAliveEvery());
      router.get("/api/sync/events").handler(events::handle);
      ErrorsCsv csv = new ErrorsCsv(sync, failed, conflicts);
      router.get("/api/sync/errors.csv").handler(csv::handle);
    }

    router.route().failureHandler(HttpErrors::handle);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, HttpErrors::handle);
    }
    return router;
  }

  /** Starts the HTTP server for {@code router} under the config's timeouts and connection cap. */
  public static Future<HttpServer> listen(Vertx vertx, EdgeConfig config, Router router) {
    return new ConnectionGuard(vertx, config.httpLimits()).listen(router, config.httpHost(), config.httpPort());
  }
}
