package outpost.edge.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import outpost.edge.config.EdgeConfig;
import outpost.edge.config.HubConfig;
import outpost.edge.store.CollectionRules;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.RunHistory;

/** /health, /metrics and GET /api/collections (with each collection's sync status). */
final class OpsRoutes {
  /** A store that cannot answer a read this fast is not ready to serve. */
  static final long READY_TIMEOUT_MS = 2000;

  private final EdgeConfig config;
  private final EdgeStore store;
  private final EdgeMetrics metrics;

  OpsRoutes(EdgeConfig config, EdgeStore store, EdgeMetrics metrics) {
    this.config = config;
    this.store = store;
    this.metrics = metrics;
  }

  void mount(Router router) {
    router.get("/health").handler(this::health);
    router.get("/health/ready").handler(this::health);
    router.get("/health/live").handler(ctx -> Reply.json(ctx, 200, new JsonObject().put("live", true)));
    router.get("/metrics").handler(this::metrics);
    router.get("/api/collections").handler(this::collections);
  }

  /** Live while the process answers; ready while the store's writer thread answers a read. */
  private void health(RoutingContext ctx) {
    store.get("_health", "probe").timeout(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS).onComplete(ar -> {
      boolean ready = ar.succeeded();
      JsonObject body = new JsonObject().put("live", true).put("ready", ready);
      if (!ready) {
        body.put("reason", "store: " + ar.cause().getMessage());
      }
      Reply.json(ctx, ready ? 200 : 503, body);
    });
  }

  private void metrics(RoutingContext ctx) {
    metrics.scrape().onSuccess(text -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text)).onFailure(ctx::fail);
  }

  /**
   * The collections this node knows (routed by its config, learnt from a hub, or touched by a run) with
   * their sync status (docs/rest-api.md): currentStatus, lastSuccessfulSync, latestSyncId.
   */
  private void collections(RoutingContext ctx) {
    List<String> hubs = config.hubs().stream().map(HubConfig::name).toList();
    Reply.with(ctx, new RunHistory(store).collections(hubs), 200, statuses -> {
      TreeMap<String, JsonObject> byName = new TreeMap<>();
      for (HubConfig hub : config.hubs()) {
        if (!hub.catchAll()) {
          hub.collections().forEach(c -> byName.put(c, new JsonObject()));
        }
      }
      CollectionRules rules = store.rules();
      rules.rules().keySet().forEach(c -> byName.putIfAbsent(c, new JsonObject()));
      for (Object s : statuses) {
        JsonObject status = (JsonObject) s;
        byName.computeIfAbsent(status.getString("collection"), c -> new JsonObject()).mergeIn(status);
      }
      JsonArray items = new JsonArray();
      byName.forEach((name, item) -> {
        item.remove("collection");
        CollectionRules.Rule rule = rules.rules().get(name);
        String hub = config.hubFor(name);
        items.add(item.put("name", name).put("hub", hub).put("scope", rule == null ? null : rule.scope())
            .put("writers", rule == null ? null : rule.writers())
            .put("hubPending", hub == null ? null : store.pending(hub)).put("pending", item.getLong("pending", 0L)));
      });
      return new JsonObject().put("items", items);
    });
  }
}
