package outpost.hub.server;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.common.http.ConnectionGuard;
import outpost.common.upkeep.Compaction;
import outpost.common.upkeep.Upkeep;
import outpost.hub.auth.AuthInterceptor;
import outpost.hub.auth.SiteAuthenticator;
import outpost.hub.auth.SiteTokens;
import outpost.hub.config.HubConfig;
import outpost.hub.ingest.SyncService;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.sites.SiteService;
import outpost.hub.store.HubStore;
import outpost.hub.upkeep.HubUpkeep;
import outpost.hub.web.AdminApi;

/**
 * One hub process: Vert.x, the store and its background upkeep, the gRPC sync server behind the auth
 * interceptor, and the admin HTTP server. {@link #stop()} closes what Vert.x does not manage (the gRPC
 * server, the store).
 */
public final class HubServer {
  private static final Logger LOG = LoggerFactory.getLogger(HubServer.class);
  /** How often the site snapshot is reloaded, for changes made by replicas or the CLI. */
  public static final long SITE_REFRESH_MILLIS = 5_000;

  private final HubConfig config;
  private final StoreFactory storeFactory;
  private final String adminToken;
  private Vertx vertx;
  private HubStore store;
  private HubMetrics metrics;
  private SiteAuthenticator authenticator;
  private Server grpc;
  private HttpServer http;
  private long refreshTimer = -1;
  private Upkeep upkeep;
  private long refreshes;

  public HubServer(HubConfig config, StoreFactory storeFactory) {
    this.config = config;
    this.storeFactory = storeFactory;
    this.adminToken = config.adminToken() != null ? config.adminToken() : SiteTokens.newToken();
  }

  /** A hub on the store the configuration names (PostgreSQL when pgUrl is set, else embedded). */
  public HubServer(HubConfig config) {
    this(config, Stores::create);
  }

  public Future<HubServer> start() {
    vertx = Vertx.vertx();
    store = storeFactory.create(vertx, config);
    authenticator = new SiteAuthenticator(store);
    metrics = new HubMetrics(authenticator::knownSites);
    if (store instanceof outpost.hub.store.pg.PgHubStore pg) {
      pg.bindMetrics(metrics.registry());
    }
    return openStore(System.nanoTime() + STORE_OPEN_PATIENCE.toNanos(), 500)
        .compose(v -> authenticator.refresh())
        .compose(v -> vertx.executeBlocking(this::startGrpc, false))
        .compose(v -> startHttp())
        .map(v -> {
          refreshTimer = vertx.setPeriodic(SITE_REFRESH_MILLIS, id -> refreshSites());
          refreshMetrics(Future.succeededFuture()); // the gauges are right from the start, not after ~30 s
          upkeep = HubUpkeep.create(vertx, store, config.historyDays(), config.upkeepInterval(),
              java.time.Clock.systemUTC(), Compaction.Settings.DEFAULT);
          upkeep.start();
          LOG.info("hub {} serving: grpc={} http={}:{} store={}", config.hubId(), grpcPort(), config.httpHost(),
              httpPort(), config.usesPostgres() ? "postgresql" + (config.pgReadUrl() != null ? " (pulls from the read replica)" : "")
                  : "embedded " + config.data());
          return this;
        })
        .transform(ar -> {
          if (ar.succeeded()) {
            return Future.succeededFuture(this);
          }
          LOG.error("hub {} failed to start", config.hubId(), ar.cause());
          // stop() closes Vert.x: answer through a promise that belongs to no context, or the answer would
          // be dispatched to a closed event loop and the caller would wait forever.
          Promise<HubServer> failed = Promise.promise();
          stop().onComplete(ignored -> failed.fail(ar.cause()));
          return failed.future();
        });
  }

  /** How long start-up waits for an unreachable database (a hub booting with, or during a restart of, it). */
  static final java.time.Duration STORE_OPEN_PATIENCE = java.time.Duration.ofSeconds(60);

  /** Opens the store, retrying a retriable failure (the database not reachable yet) until the deadline. */
  private Future<Void> openStore(long deadlineNanos, long delayMillis) {
    return store.open().recover(e -> {
      boolean retriable = e instanceof outpost.common.error.OutpostException oe && oe.retriable();
      if (!retriable || System.nanoTime() + delayMillis * 1_000_000 > deadlineNanos) {
        return Future.failedFuture(e);
      }
      LOG.warn("hub store not reachable yet ({}); retrying in {} ms", e.getMessage(), delayMillis);
      Promise<Void> retry = Promise.promise();
      vertx.setTimer(delayMillis, id -> openStore(deadlineNanos, Math.min(delayMillis * 2, 5_000)).onComplete(retry));
      return retry.future();
    });
  }

  private void refreshSites() {
    Future<Void> refreshed = authenticator.refresh()
        .onFailure(e -> LOG.warn("could not refresh the site list: {}", e.toString()));
    // Lag costs one query per site: every sixth refresh (about 30 s) is enough for the gauges.
    if (++refreshes % 6 != 0) {
      return;
    }
    refreshMetrics(refreshed);
  }

  private void refreshMetrics(Future<Void> after) {
    after.compose(v -> metrics.refresh(store))
        .onFailure(e -> LOG.warn("could not refresh the metrics: {}", e.toString()));
  }

  private Void startGrpc() throws Exception {
    SyncService service = new SyncService(config.hubId(), config.minProtocol(), config.maxProtocol(),
        config.catalog(), store, metrics, config.maxMessageBytes());
    NettyServerBuilder builder = NettyServerBuilder.forPort(config.grpcPort())
        .addService(ServerInterceptors.intercept(service,
            new AuthInterceptor(authenticator, config.minProtocol(), config.maxProtocol()), metrics.failedCalls()))
        .maxInboundMessageSize(config.maxMessageBytes())
        .keepAliveTime(config.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(config.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(config.permitKeepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxConnectionIdle(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (config.tls() != null) {
      builder.sslContext(GrpcSslContexts.forServer(new File(config.tls().cert()), new File(config.tls().key()))
          .build());
    }
    grpc = builder.build().start();
    return null;
  }

  private Future<Void> startHttp() {
    SiteService sites = new SiteService(vertx, store, authenticator::update);
    AdminApi api = new AdminApi(vertx, config, adminToken, store, sites, metrics);
    return new ConnectionGuard(vertx, config.httpLimits()).listen(api.router(), config.httpHost(), config.httpPort())
        .map(server -> {
          http = server;
          return null;
        });
  }

  /** Stops taking calls, lets running ones end (up to a grace period), then closes HTTP, the store and Vert.x. */
  public Future<Void> stop() {
    Vertx v = vertx;
    if (v == null) {
      return Future.succeededFuture();
    }
    vertx = null;
    if (refreshTimer >= 0) {
      v.cancelTimer(refreshTimer);
    }
    Future<Void> grpcDown = grpc == null ? Future.succeededFuture() : v.executeBlocking(() -> {
      grpc.shutdown();
      if (!grpc.awaitTermination(10, TimeUnit.SECONDS)) {
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      return null;
    }, false);
    // Vert.x closes last, from a plain thread: a future bound to one of its event loops could not
    // deliver its result once that loop is gone. The returned promise belongs to no context.
    Promise<Void> done = Promise.promise();
    Future<Void> parts = grpcDown.onFailure(e -> LOG.warn("closing the gRPC server failed", e));
    parts = then(parts, "the HTTP server", () -> http == null ? Future.succeededFuture() : http.close());
    parts = then(parts, "the store upkeep", () -> upkeep == null ? Future.succeededFuture() : upkeep.stop());
    parts = then(parts, "the store", () -> store == null ? Future.succeededFuture() : store.close());
    parts.onComplete(closed -> new Thread(() -> {
      try {
        v.close().await(30, TimeUnit.SECONDS);
        LOG.info("hub {} stopped", config.hubId());
      } catch (Exception e) {
        LOG.warn("Vert.x did not close cleanly: {}", e.toString());
      }
      if (closed.failed()) {
        done.fail(closed.cause());
      } else {
        done.complete();
      }
    }, "hub-stop").start());
    return done.future();
  }

  /**
   * Runs the next closing step whatever the steps before it did, logs its failure, and answers the first failure
   * of all: every part is closed, and stop() still fails when one of them did not close.
   */
  private static Future<Void> then(Future<Void> before, String part, Supplier<Future<Void>> next) {
    return before.transform(previous -> {
      Future<Void> step;
      try {
        step = next.get();
      } catch (RuntimeException e) {
        step = Future.failedFuture(e);
      }
      return step.transform(closed -> {
        if (closed.failed()) {
          LOG.warn("closing {} failed", part, closed.cause());
        }
        return previous.failed() ? Future.<Void>failedFuture(previous.cause())
            : closed.failed() ? Future.<Void>failedFuture(closed.cause()) : Future.<Void>succeededFuture();
      });
    });
  }

  public int grpcPort() {
    return grpc == null ? -1 : grpc.getPort();
  }

  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  /** The site authenticator (its counters show what authentication costs). */
  public SiteAuthenticator authenticator() {
    return authenticator;
  }

  public HubStore store() {
    return store;
  }

  public HubConfig config() {
    return config;
  }

  /** The admin API's token: the configured one, or the one generated at construction. */
  public String adminToken() {
    return adminToken;
  }

  public HubMetrics metrics() {
    return metrics;
  }

  public Vertx vertx() {
    return vertx;
  }
}
