package outpost.hub.web;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import outpost.common.web.ViewFiles;
import outpost.hub.config.HubConfig;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.store.HubStore;

/**
 * The hub's admin view: GET / (the page), GET /view/* (its page and script from the classpath folder
 * {@code webroot/hub}, the script and styles both views share through {@link ViewFiles}), and the two
 * reads only the view needs: GET /api/overview (totals) and GET /api/sync/runs.csv. The page itself carries no data; every number comes through the token-guarded API.
 */
final class ViewRoutes {
  static final String WEBROOT = "webroot/hub";
  static final Duration FAILED_WINDOW = Duration.ofHours(24);
  private static final int OVERVIEW_RUNS = 1_000;

  private final HubConfig config;
  private final HubStore store;
  private final HubMetrics metrics;

  ViewRoutes(HubConfig config, HubStore store, HubMetrics metrics) {
    this.config = config;
    this.store = store;
    this.metrics = metrics;
  }

  /** The page's CSP (scripts and styles from this hub only, no framing) is SecurityHeaders', set on every route. */
  void mount(Router router) {
    ViewFiles.mount(router, WEBROOT);
    router.get("/api/overview").handler(this::overview);
    router.get("/api/sync/runs.csv").handler(new RunsCsv(store)::handle);
  }

  /** {hub, sites, disabledSites, syncingNow, failedLast24h, openConflicts}. */
  private void overview(RoutingContext ctx) {
    long since = System.currentTimeMillis() - FAILED_WINDOW.toMillis();
    var sites = store.sites();
    var runs = store.runs(null, OVERVIEW_RUNS);
    var conflicts = store.conflicts();
    AdminApi.reply(ctx, 200, Future.all(sites, runs, conflicts).map(all -> new JsonObject()
        .put("hub", config.hubId())
        .put("sites", sites.result().size())
        .put("disabledSites", sites.result().stream().filter(s -> s.disabled()).count())
        .put("syncingNow", syncingNow())
        .put("failedLast24h", runs.result().stream().filter(r -> r.startedAtMillis() >= since)
            .filter(r -> "FAILED".equals(r.status()) || "PARTIAL".equals(r.status())).count())
        .put("openConflicts", conflicts.result().size())));
  }

  /** Sites with a sync call open now, from the gauge the metrics already keep. */
  private long syncingNow() {
    Gauge gauge = metrics.registry().find("outpost.hub.sites.connected").gauge();
    return gauge == null ? 0 : Math.round(gauge.value());
  }
}
