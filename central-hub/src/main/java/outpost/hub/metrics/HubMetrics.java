package outpost.hub.metrics;

import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import outpost.hub.store.HubStore;
import outpost.hub.store.SiteRecord;

/**
 * The hub's Prometheus series (issue 11): known and connected sites, changes ingested and served,
 * conflicts opened, per-site lag and store latency; and for alerting (issue 22): when each site was last
 * seen, conflicts open, the store's size and failed calls by error code. One registry per hub process.
 * Per-site series carry only the site id (hundreds of sites, never one series per record).
 */
public final class HubMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicInteger> openCalls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastSeen = new ConcurrentHashMap<>();
  private final AtomicLong conflictsOpen = new AtomicLong();
  private final AtomicLong storeBytes = new AtomicLong();
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
    Gauge.builder("outpost.hub.conflicts.open", conflictsOpen, AtomicLong::get)
        .description("Conflicts waiting for a person to resolve them (refreshed about every 30 s)").register(registry);
    Gauge.builder("outpost.hub.store.size", storeBytes, AtomicLong::get).baseUnit("bytes")
        .description("The store's size on disk: the embedded file, or the hub's tables in PostgreSQL")
        .register(registry);
  }

  /** The gRPC interceptor that counts failed calls by code; install it outermost. */
  public ServerInterceptor failedCalls() {
    return new FailedCalls(registry);
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
    seen(site, System.currentTimeMillis());
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

  /**
   * Re-reads what the store knows: each enabled site's last contact (a site seen by another replica
   * counts), its lag, the open conflicts and the store's size. A disabled site's series are removed, so
   * that a site taken out of service does not alert as stale.
   */
  public Future<Void> refresh(HubStore store) {
    Future<Void> sites = store.sites().compose(all -> {
      Set<String> enabled = new HashSet<>();
      List<Future<Long>> lags = new ArrayList<>();
      for (SiteRecord s : all) {
        if (s.disabled()) {
          continue;
        }
        enabled.add(s.id());
        // A site that never called counts from its registration: one set up and forgotten alerts too.
        seen(s.id(), s.lastSeenMillis() > 0 ? s.lastSeenMillis() : s.createdAtMillis());
        lags.add(store.lag(s.id(), s.pullCursor()).onSuccess(records -> siteLag(s.id(), records)));
      }
      forget(lastSeen, "outpost.hub.site.last.seen", enabled);
      forget(lag, "outpost.hub.site.lag", enabled);
      return Future.join(lags).mapEmpty();
    });
    Future<Void> conflicts = store.conflicts().onSuccess(list -> conflictsOpen.set(list.size())).mapEmpty();
    Future<Void> size = store.sizeBytes().onSuccess(storeBytes::set).mapEmpty();
    return Future.join(sites, conflicts, size).mapEmpty();
  }

  private void seen(String site, long millis) {
    lastSeen.computeIfAbsent(site, s -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("outpost.hub.site.last.seen", value, v -> v.get() / 1000.0).tag("site", s).baseUnit("seconds")
          .description("When the site last called the hub (its registration if never), seconds since the epoch")
          .register(registry);
      return value;
    }).accumulateAndGet(millis, Math::max);
  }

  private void forget(Map<String, AtomicLong> perSite, String name, Set<String> keep) {
    for (String site : Set.copyOf(perSite.keySet())) {
      if (!keep.contains(site)) {
        Meter meter = registry.find(name).tag("site", site).meter();
        if (meter != null) {
          registry.remove(meter);
        }
        perSite.remove(site);
      }
    }
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
