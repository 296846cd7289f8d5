package outpost.system;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import outpost.hub.auth.AuthInterceptor;
import outpost.hub.auth.SiteAuthenticator;
import outpost.hub.auth.SiteTokens;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.hub.ingest.SyncService;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.store.HubStore;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.embedded.EmbeddedHubStore;
import outpost.system.fixture.Await;

/** A real hub for tests: the embedded store, the real sync service and auth, a gRPC server on port 0. */
public final class TestHub implements AutoCloseable {
  public static final Catalog CATALOG = new Catalog(List.of(
      new CollectionRule("patients", CollectionRule.Scope.SITE, CollectionRule.Writers.OWNER),
      new CollectionRule("items", CollectionRule.Scope.SHARED, CollectionRule.Writers.HUB),
      new CollectionRule("notes", CollectionRule.Scope.SHARED, CollectionRule.Writers.ANY)));

  public final Vertx vertx;
  public final HubStore store;
  public final SiteAuthenticator auth;
  private final Path dir;
  private final int minProtocol;
  private final int maxProtocol;
  private Server server;
  private int port;

  TestHub(Vertx vertx, Path dir, int minProtocol, int maxProtocol) {
    this(vertx, dir, new EmbeddedHubStore(vertx, dir, CATALOG, false), minProtocol, maxProtocol);
  }

  /** A hub on a store of the caller's choice (e.g. one PostgreSQL replica of several). */
  public TestHub(Vertx vertx, HubStore store) {
    this(vertx, null, store, 1, 1);
  }

  private TestHub(Vertx vertx, Path dir, HubStore store, int minProtocol, int maxProtocol) {
    this.vertx = vertx;
    this.dir = dir;
    this.minProtocol = minProtocol;
    this.maxProtocol = maxProtocol;
    this.store = store;
    Await.of(store.open());
    this.auth = new SiteAuthenticator(store);
    start(0);
  }

  public TestHub(Vertx vertx, Path dir) {
    this(vertx, dir, 1, 1);
  }

  void start(int onPort) {
    try {
      HubMetrics metrics = new HubMetrics(() -> 0);
      SyncService service = new SyncService("test-hub", minProtocol, maxProtocol, CATALOG, store, metrics);
      server = NettyServerBuilder.forPort(onPort)
          .addService(ServerInterceptors.intercept(service, new AuthInterceptor(auth, minProtocol, maxProtocol)))
          .build().start();
      port = server.getPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers a site and answers its token. */
  public String addSite(String id) {
    String token = SiteTokens.newToken();
    Await.of(store.addSite(SiteRecord.create(id, SiteTokens.hash(token), System.currentTimeMillis())));
    Await.of(auth.refresh());
    return token;
  }

  int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  void stopServer() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopServer();
    Await.of(store.close());
  }

  Path dir() {
    return dir;
  }
}
