package outpost.bench;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import outpost.hub.ingest.SyncService;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.store.HubStore;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.embedded.EmbeddedHubStore;
import outpost.hub.store.pg.PgHubStore;

/**
 * A real hub inside the benchmark's JVM: a store, the real sync service behind the real authenticator,
 * on a gRPC server at port 0. The hub's heap is this JVM's heap.
 */
final class BenchHub implements AutoCloseable {
  /** bcrypt cost of the benchmark's site tokens: low, because 2,000 first verifications at cost 10 take minutes. */
  static final int BENCH_TOKEN_COST = 4;

  final HubStore store;
  final SiteAuthenticator auth;
  private final Server server;

  BenchHub(Vertx vertx, HubStore store, Catalog catalog) {
    this.store = store;
    Bench.await(store.open());
    this.auth = new SiteAuthenticator(store);
    SyncService service = new SyncService("bench-hub", 1, 1, catalog, store, new HubMetrics(auth::knownSites));
    try {
      server = NettyServerBuilder.forPort(0)
          .addService(ServerInterceptors.intercept(service, new AuthInterceptor(auth, 1, 1)))
          .build().start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Shared collections c0..c4 that any site writes: the initial and incremental sync benchmarks. */
  static Catalog syncCatalog() {
    List<CollectionRule> rules = new ArrayList<>();
    for (int i = 0; i < Bench.COLLECTIONS; i++) {
      rules.add(new CollectionRule(Bench.collection(i), CollectionRule.Scope.SHARED, CollectionRule.Writers.ANY));
    }
    return new Catalog(rules);
  }

  /** A shared catalogue only the hub writes, and per-site readings: the many-sites benchmark. */
  static Catalog sitesCatalog() {
    return new Catalog(List.of(
        new CollectionRule("catalog", CollectionRule.Scope.SHARED, CollectionRule.Writers.HUB),
        new CollectionRule("readings", CollectionRule.Scope.SITE, CollectionRule.Writers.OWNER)));
  }

  static HubStore embedded(Vertx vertx, Path dir, Catalog catalog) {
    return new EmbeddedHubStore(vertx, dir, catalog, false);
  }

  static HubStore pg(Vertx vertx, String pgUrl, Catalog catalog) {
    return new PgHubStore(vertx, pgUrl, catalog);
  }

  /** Registers sites that all share one token (hashed once, at {@link #BENCH_TOKEN_COST}); answers it. */
  String addSites(List<String> ids) {
    String token = SiteTokens.newToken();
    String hash = BCrypt.withDefaults().hashToString(BENCH_TOKEN_COST, token.toCharArray());
    long now = System.currentTimeMillis();
    List<Future<Void>> added = new ArrayList<>();
    for (String id : ids) {
      added.add(store.addSite(SiteRecord.create(id, hash, now)));
    }
    Bench.await(Future.all(added));
    Bench.await(auth.refresh());
    return token;
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Bench.await(store.close());
  }
}
