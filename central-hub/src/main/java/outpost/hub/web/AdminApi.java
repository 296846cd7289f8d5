package outpost.hub.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import outpost.common.PathSegments;
import outpost.common.error.OutpostException;
import outpost.common.http.HostAllowList;
import outpost.common.http.SecurityHeaders;
import outpost.common.json.StrictJson;
import outpost.hub.auth.AdminTokenGuard;
import outpost.hub.config.HubConfig;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.sites.SiteService;
import outpost.hub.store.HubStore;

/** The hub's admin HTTP surface (docs/rest-api.md): routes, guards and the health and metrics endpoints. */
public final class AdminApi {
  /** A store that cannot answer this fast is not ready. */
  static final long READY_TIMEOUT_MS = 2_000;
  private final Vertx vertx;
  private final HubConfig config;
  private final String adminToken;
  private final HubStore store;
  private final SiteService sites;
  private final HubMetrics metrics;

  public AdminApi(Vertx vertx, HubConfig config, String adminToken, HubStore store, SiteService sites,
      HubMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.adminToken = adminToken;
    this.store = store;
    this.sites = sites;
    this.metrics = metrics;
  }

  public Router router() {
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::handle);
    // Every path, the view and /health included: a DNS-rebinding page must get nothing from the hub.
    router.route().handler(HostAllowList.of(config.httpHost(), config.allowedHosts())::handle);
    router.get("/health").handler(this::health);
    router.get("/health/ready").handler(this::health);
    router.get("/health/live").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("live", true).encode()));
    router.get("/openapi.json").handler(ctx -> vertx.fileSystem().readFile("openapi/hub.json") // docs/openapi, on the classpath
        .onSuccess(doc -> ctx.response().putHeader("content-type", "application/json").end(doc)).onFailure(ctx::fail));
    router.route("/api/*").handler(RequestGuards::crossSite);
    AdminTokenGuard admin = new AdminTokenGuard(adminToken);
    router.route("/api/*").handler(RequestGuards.adminToken(admin));
    router.route("/metrics").handler(RequestGuards.adminToken(admin));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    router.route("/api/*").method(HttpMethod.POST).method(HttpMethod.PUT)
        .handler(BodyHandler.create(false).setBodyLimit(config.bodyLimit()));
    router.route("/api/*").handler(RequestGuards::jsonBody);
    // Before the API routes: their parameter decoding (and a query's) throws on a bad escape (a 500).
    router.route().handler(ctx -> guarded(ctx, () -> {
      PathSegments.checkRequest(ctx.request().path(), ctx.request().query());
      ctx.next();
    }));
    new OpsRoutes(store, sites).mount(router);
    new RecordsRoutes(store, config.catalog()).mount(router);
    // The page and its files are public (a browser cannot send a bearer token when it navigates); the
    // page asks for the admin token and every /api call it makes is guarded above.
    new ViewRoutes(config, store, metrics).mount(router);
    router.route().failureHandler(HttpErrors::onFailure);
    for (int status : new int[] {400, 404, 405, 413}) {
      router.errorHandler(status, ctx -> HttpErrors.onStatus(ctx, status)); // else Vert.x answers in plain text
    }
    return router;
  }

  /**
   * Live while the process answers; ready while the store is open and (PostgreSQL) answers a query within
   * {@link #READY_TIMEOUT_MS}: a database that hangs must not hang the probe.
   */
  private void health(RoutingContext ctx) {
    store.ready().timeout(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS).onComplete(ar -> {
      boolean ready = ar.succeeded() && Boolean.TRUE.equals(ar.result());
      JsonObject body = new JsonObject().put("live", true).put("ready", ready);
      if (!ready) {
        body.put("reason", ar.failed() ? "store did not answer within " + READY_TIMEOUT_MS + " ms"
            : config.usesPostgres() ? "PostgreSQL is unreachable" : "the store is closed");
      }
      ctx.response().setStatusCode(ready ? 200 : 503).putHeader("content-type", "application/json")
          .end(body.encode());
    });
  }

  /**
   * The body as a JSON object under the one input grammar (docs/input.md, common StrictJson); an empty body is
   * {} when {@code optional}, else a BAD_REQUEST. Vert.x answers -1, not 0, for the length of a body never sent.
   */
  static JsonObject bodyObject(RoutingContext ctx, boolean optional) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      if (optional) {
        return new JsonObject();
      }
      throw OutpostException.badRequest("the request needs a JSON object body");
    }
    return StrictJson.object(ctx.body().buffer());
  }

  /** Answers a future's JSON result with the given status, or its failure as an error. */
  static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onComplete(ar -> {
      if (ar.failed()) {
        HttpErrors.send(ctx, ar.cause());
      } else if (!ctx.response().ended()) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
            .end(ar.result().encode());
      }
    });
  }

  /** Runs a handler body that may throw OutpostException while validating. */
  static void guarded(RoutingContext ctx, Runnable body) {
    try {
      body.run();
    } catch (OutpostException e) {
      HttpErrors.send(ctx, e);
    }
  }
}
