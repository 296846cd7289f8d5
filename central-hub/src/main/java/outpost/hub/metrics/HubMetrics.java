package outpost.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The hub's Prometheus series (issue 11): known and connected sites, changes ingested and served,
 * conflicts opened, per-site lag and store latency. One registry per hub process.
 */
public final class HubMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicInteger> openCalls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
  private final Counter served;
  private final Counter conflictsOpened;

  public HubMetrics(IntSupplier knownSites) {
    Gauge.builder("outpost.hub.sites.known", knownSites::getAsInt)
        .description("Sites registered on the hub").register(registry);
    Gauge.builder("outpost.hub.sites.connected", openCalls, m -> m.values().stream().filter(c -> c.get() > 0).count())
        .description("Sites with at least one open sync call").register(registry);
    served = Counter.builder("outpost.hub.changes.served").description("Records sent to sites in pulls")
        .register(registry);
    conflictsOpened = Counter.builder("outpost.hub.conflicts.opened")
        .description("Pushed changes answered CONFLICT").register(registry);
  }

  /** Counts one pushed change by its result (APPLIED, MERGED, DUPLICATE, CONFLICT, REJECTED). */
  public void ingested(String result, long count) {
    Counter.builder("outpost.hub.changes.ingested").description("Pushed changes processed, by result")
        .tag("result", result).register(registry).increment(count);
    if ("CONFLICT".equals(result)) {
      conflictsOpened.increment(count);
    }
  }

  /** Counts pushed changes the hub refused, by error code (ORIGIN_REUSED: another device sends as a site). */
  public void rejected(String code, long count) {
    Counter.builder("outpost.hub.changes.rejected").description("Pushed changes answered REJECTED, by code")
        .tag("code", code).register(registry).increment(count);
  }

  public void served(long count) {
    served.increment(count);
  }

  /** Marks a site's call open; the returned runnable marks it closed. */
  public Runnable callOpened(String site) {
    AtomicInteger count = openCalls.computeIfAbsent(site, s -> new AtomicInteger());
    count.incrementAndGet();
    return count::decrementAndGet;
  }

  public void siteLag(String site, long records) {
    lag.computeIfAbsent(site, s -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("outpost.hub.site.lag", value, AtomicLong::get).tag("site", s)
          .description("Records in the site's scope newer than its last pull").register(registry);
      return value;
    }).set(records);
  }

  /** Times a store operation from call to completion. */
  public <T> Future<T> timed(String operation, Future<T> future) {
    Timer.Sample sample = Timer.start(registry);
    return future.andThen(ar -> sample.stop(Timer.builder("outpost.hub.store.latency")
        .description("Store operation latency").tag("op", operation)
        .tag("outcome", ar.succeeded() ? "ok" : "error").register(registry)));
  }

  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
