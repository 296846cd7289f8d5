package outpost.system.protocol;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import outpost.hub.auth.AuthInterceptor;
import outpost.hub.auth.SiteAuthenticator;
import outpost.hub.auth.SiteTokens;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.hub.config.HubConfig;
import outpost.hub.ingest.SyncService;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.store.HubStore;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.StoredRecord;
import outpost.hub.store.embedded.EmbeddedHubStore;
import outpost.system.fixture.Await;

/**
 * A real hub for the protocol tests: the embedded store, the real sync service behind the real auth
 * interceptor, and a gRPC server on port 0 configured as the hub's server is (maximum inbound message
 * size, keepalive, idle connections), with the message size a test may lower. Unlike the shared TestHub
 * it exposes its metrics, whose per-result counters show how often each change was processed.
 */
final class ProtocolHub implements AutoCloseable {
  static final Catalog CATALOG = new Catalog(List.of(
      new CollectionRule("patients", CollectionRule.Scope.SITE, CollectionRule.Writers.OWNER),
      new CollectionRule("items", CollectionRule.Scope.SHARED, CollectionRule.Writers.HUB),
      new CollectionRule("notes", CollectionRule.Scope.SHARED, CollectionRule.Writers.ANY)));

  /** grpc-java logs every stream a cut link broke at WARNING through java.util.logging: expected here. */
  private static final java.util.logging.Logger GRPC_LOG = quiet("io.grpc");

  final HubStore store;
  final HubMetrics metrics = new HubMetrics(() -> 0);
  private final SiteAuthenticator auth;
  private final Server server;

  ProtocolHub(Vertx vertx, Path dir, int maxMessageBytes) {
    this(new EmbeddedHubStore(vertx, dir, CATALOG, false), maxMessageBytes);
  }

  /** A hub on any store (opened here), e.g. to run a test against the PostgreSQL store. */
  ProtocolHub(HubStore store, int maxMessageBytes) {
    this(store, maxMessageBytes, PASS);
  }

  private static final io.grpc.ServerInterceptor PASS = new io.grpc.ServerInterceptor() {
    @Override
    public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call,
        io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, A> next) {
      return next.startCall(call, headers);
    }
  };

  /** A hub whose answers pass {@code answers} on their way out (a test's misbehaving hub). */
  ProtocolHub(Vertx vertx, Path dir, io.grpc.ServerInterceptor answers) {
    this(new EmbeddedHubStore(vertx, dir, CATALOG, false), HubConfig.DEFAULT_MAX_MESSAGE_BYTES, answers);
  }

  private ProtocolHub(HubStore store, int maxMessageBytes, io.grpc.ServerInterceptor answers) {
    this.store = store;
    Await.of(store.open());
    auth = new SiteAuthenticator(store);
    SyncService service = new SyncService("protocol-hub", 1, 1, CATALOG, store, metrics, maxMessageBytes);
    try {
      server = NettyServerBuilder.forPort(0)
          .addService(ServerInterceptors.intercept(service, new AuthInterceptor(auth, 1, 1), answers))
          .maxInboundMessageSize(maxMessageBytes)
          .keepAliveTime(HubConfig.DEFAULT_KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
          .keepAliveTimeout(HubConfig.DEFAULT_KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .permitKeepAliveTime(HubConfig.DEFAULT_PERMIT_KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
          .permitKeepAliveWithoutCalls(true)
          .maxConnectionIdle(HubConfig.DEFAULT_IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .build().start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  ProtocolHub(Vertx vertx, Path dir) {
    this(vertx, dir, HubConfig.DEFAULT_MAX_MESSAGE_BYTES);
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }

  /** Registers a site and answers its token. */
  String addSite(String id) {
    String token = SiteTokens.newToken();
    Await.of(store.addSite(SiteRecord.create(id, SiteTokens.hash(token), System.currentTimeMillis())));
    Await.of(auth.refresh());
    return token;
  }

  int port() {
    return server.getPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  long head() {
    return Await.of(store.head());
  }

  /** How many pushed changes the hub answered with this result (APPLIED, DUPLICATE, ...), ever. */
  long ingested(String result) {
    Counter counter = metrics.registry().find("outpost.hub.changes.ingested").tag("result", result).counter();
    return counter == null ? 0 : (long) counter.count();
  }

  /** Total seconds the store spent on one kind of operation (applyBatch, pull, head), from call to completion. */
  double storeSeconds(String operation) {
    return metrics.registry().find("outpost.hub.store.latency").tag("op", operation).timers().stream()
        .mapToDouble(t -> t.totalTime(java.util.concurrent.TimeUnit.SECONDS)).sum();
  }

  /** Every live record of a collection, by id. */
  List<StoredRecord> live(String collection) {
    List<StoredRecord> out = new ArrayList<>();
    String after = null;
    while (true) {
      List<StoredRecord> page = Await.of(store.list(collection, after, 1_000));
      if (page.isEmpty()) {
        return out;
      }
      out.addAll(page);
      after = page.get(page.size() - 1).id();
    }
  }

  /** The data of a record as the hub holds it, or null when absent. */
  JsonObject data(String collection, String id) {
    return Await.of(store.get(new outpost.common.RecordKey(collection, id))).map(StoredRecord::data).orElse(null);
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Await.of(store.close());
  }
}
