package outpost.edge;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.common.upkeep.Compaction;
import outpost.common.upkeep.Upkeep;
import outpost.edge.config.EdgeConfig;
import outpost.edge.schedule.ScheduleConfig;
import outpost.edge.settings.ScheduleSettings;
import outpost.edge.store.Conflicts;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.FailedItems;
import outpost.edge.sync.SyncApi;
import outpost.edge.upkeep.StoreUpkeep;
import outpost.edge.web.EdgeApi;
import outpost.edge.web.EdgeMetrics;

/**
 * One edge node built from its config: Vert.x, the store, the sync engine (from a factory, so that the
 * engine can see the node's parts), metrics, the HTTP server and the store's background upkeep. Apps that
 * run a node in their own JVM use {@code outpost.edge.embed.EmbeddedEdge}, a thin layer over this class.
 */
public final class EdgeNode {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeNode.class);

  private final EdgeConfig config;
  private final Function<EdgeNode, SyncApi> syncFactory;
  private volatile Supplier<Instant> nextDue = () -> null;
  private final List<Future<?>> startSteps = new ArrayList<>();
  private Vertx vertx;
  private EdgeStore store;
  private Conflicts conflicts;
  private FailedItems failed;
  private ScheduleSettings schedule;
  private SyncApi sync;
  private EdgeMetrics metrics;
  private HttpServer http;
  private Upkeep upkeep;

  /**
   * @param syncFactory builds the sync side once the store is open ({@code EngineFactory::create});
   *     null runs the node without sync: records, conflicts and operations only, the sync routes 404
   */
  public EdgeNode(EdgeConfig config, Function<EdgeNode, SyncApi> syncFactory) {
    this.config = Objects.requireNonNull(config, "config");
    this.syncFactory = syncFactory;
  }

  /** Opens the store (on a worker thread), builds the engine and starts the HTTP server. */
  public Future<EdgeNode> start() {
    vertx = Vertx.vertx();
    Future<EdgeNode> started = vertx.executeBlocking(() -> EdgeStore.open(vertx, config.dataDir(), config.site(),
        config.durability(), config::hubFor, Clock.systemUTC())).compose(opened -> {
          store = opened;
          return ScheduleSettings.load(store, ScheduleConfig.fromJson(config.schedule(), "schedule"));
        }).compose(loaded -> {
          schedule = loaded;
          conflicts = new Conflicts(store);
          failed = new FailedItems(store);
          metrics = new EdgeMetrics(config, store, conflicts, failed);
          sync = syncFactory == null ? null : syncFactory.apply(this);
          return Future.all(startSteps);
        }).compose(steps -> {
          var router = EdgeApi.router(vertx, config, store, conflicts, failed, sync, metrics,
              () -> nextDue.get(), schedule);
          return EdgeApi.listen(vertx, config, router);
        }).map(server -> {
          http = server;
          upkeep = StoreUpkeep.create(vertx, store, config.historyDays(), config.upkeepInterval(),
              () -> sync != null && sync.current().isPresent(), Compaction.Settings.DEFAULT);
          upkeep.start();
          LOG.info("edge {} listening on {} (data {}, durability {}, hubs {})", config.site(), url(), config.data(),
              config.durability(), config.hubs().stream().map(h -> h.name() + "=" + h.address()).toList());
          return this;
        });
    // stop() closes Vert.x: answer through a promise that belongs to no context, or the answer would be
    // dispatched to a closed event loop and the caller would wait forever (a future chained onto the steps
    // above belongs to the event loop that ran them).
    Promise<EdgeNode> answer = Promise.promise();
    started.onComplete(ar -> {
      if (ar.succeeded()) {
        answer.complete(this);
        return;
      }
      LOG.error("edge {} failed to start", config.site(), ar.cause());
      stop().onComplete(ignored -> answer.fail(ar.cause()));
    });
    return answer.future();
  }

  /**
   * Stops the upkeep and closes the HTTP server, then the engine (when it is closeable: the running run stops
   * at its next batch boundary and the sync thread ends, see {@code SyncEngine.shutdown}), then the store and
   * Vert.x, in that order: the store closes only after nothing can write to it.
   */
  public Future<Void> stop() {
    if (vertx == null) {
      return Future.succeededFuture();
    }
    Vertx v = vertx;
    vertx = null;
    Future<Void> upkeepStopped = upkeep == null ? Future.succeededFuture() : upkeep.stop();
    Future<Void> httpClosed = upkeepStopped.transform(ar -> http == null ? Future.succeededFuture() : http.close());
    // Closing the engine waits for the sync thread: on a worker thread, never on the event loop.
    Future<Void> syncClosed = httpClosed.transform(ar -> v.executeBlocking(() -> {
      if (sync instanceof AutoCloseable closeable) {
        closeable.close();
      }
      return null;
    }, false));
    Future<Void> parts = syncClosed.transform(ar -> {
      if (ar.failed()) {
        LOG.warn("closing the sync engine failed", ar.cause());
      }
      if (metrics != null) {
        metrics.registry().close();
      }
      return v.executeBlocking(() -> {
        if (store != null) {
          store.close();
          LOG.info("edge {} store closed", config.site());
        }
        return null;
      }, false);
    });
    // Not chained onto an event-loop future: once Vert.x is closed its contexts run nothing more, so the
    // caller's completion must come from a promise that belongs to no context.
    Promise<Void> stopped = Promise.promise();
    parts.onComplete(ar -> v.close().onComplete(closed -> {
      if (ar.failed()) {
        LOG.error("edge {} did not stop cleanly", config.site(), ar.cause());
      } else {
        LOG.info("edge {} stopped", config.site());
      }
      stopped.handle(ar.failed() ? ar : closed);
    }));
    return stopped.future();
  }

  /** The port the HTTP server listens on (the real one when the config said 0). */
  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  public String url() {
    String host = config.httpHost().contains(":") && !config.httpHost().startsWith("[")
        ? "[" + config.httpHost() + "]" : config.httpHost();
    return "http://" + host + ":" + httpPort();
  }

  /**
   * A step the sync factory started (the scheduler's start): {@link #start()} waits for it and fails with it,
   * so that a node whose sync side did not start does not serve as if it had.
   */
  public void startsWith(Future<?> step) {
    startSteps.add(Objects.requireNonNull(step, "step"));
  }

  /** Lets the scheduler tell the status route when it will next start a run. */
  public void nextDue(Supplier<Instant> supplier) {
    this.nextDue = supplier == null ? () -> null : supplier;
  }

  /** When the scheduler will next start a run, or null (no schedule, or not started). */
  public Instant nextDue() {
    return nextDue.get();
  }

  /** The schedule in force (the config file's, or one set through the API) and how to change it. */
  public ScheduleSettings schedule() {
    return schedule;
  }

  public EdgeConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public EdgeStore store() {
    return store;
  }

  public Conflicts conflicts() {
    return conflicts;
  }

  /** The sync engine, or null when the node runs without one. */
  public SyncApi sync() {
    return sync;
  }

  /** The Prometheus registry behind /metrics; the engine adds its meters here. */
  public PrometheusMeterRegistry meterRegistry() {
    return metrics.registry();
  }
}
