package outpost.edge.web;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import outpost.edge.config.EdgeConfig;
import outpost.common.upkeep.FileFigures;
import outpost.edge.config.HubConfig;
import outpost.edge.store.Conflicts;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.FailedItems;

/**
 * The node's Prometheus registry and the store gauges every node has. The sync engine adds its own meters
 * (run duration, items by result, failures by code, last success) to {@link #registry()}.
 */
public final class EdgeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final EdgeStore store;
  private final AtomicLong storeBytes = new AtomicLong();

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
    Gauge.builder("outpost.edge.store.size", storeBytes, AtomicLong::get).baseUnit("bytes")
        .description("The store file's size on disk (edge.mv.db)").register(registry);
    this.store = store;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * The Prometheus text, with the store's size read first on the store's worker (the size is a figure of
   * the open store, not a file system call on the event loop). A store that cannot answer still lets the
   * other series out.
   */
  Future<String> scrape() {
    return store.fileFigures().map(FileFigures::size).onSuccess(storeBytes::set)
        .transform(ignored -> Future.succeededFuture(registry.scrape()));
  }

  void close() {
    registry.close();
  }
}
