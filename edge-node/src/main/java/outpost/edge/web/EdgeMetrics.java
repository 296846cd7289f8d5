package outpost.edge.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import outpost.edge.config.EdgeConfig;
import outpost.edge.config.HubConfig;
import outpost.edge.store.Conflicts;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.FailedItems;

/**
 * The node's Prometheus registry and the store gauges every node has. The sync engine adds its own meters
 * (run duration, items by result, last success) to {@link #registry()}.
 */
public final class EdgeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public EdgeMetrics(EdgeConfig config, EdgeStore store, Conflicts conflicts, FailedItems failed) {
    for (HubConfig hub : config.hubs()) {
      String name = hub.name();
      Gauge.builder("outpost.edge.pending.changes", store, s -> s.pending(name)).tag("hub", name)
          .description("Local changes waiting to be pushed to the hub").register(registry);
    }
    Gauge.builder("outpost.edge.failed.items", failed, FailedItems::count)
        .description("Changes a hub refused, waiting for retry or discard").register(registry);
    Gauge.builder("outpost.edge.open.conflicts", conflicts, Conflicts::count)
        .description("Records flagged reconcile manually").register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  String scrape() {
    return registry.scrape();
  }

  void close() {
    registry.close();
  }
}
