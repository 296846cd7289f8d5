package outpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import outpost.common.mvstore.Maps;
import outpost.edge.run.RunJson;
import outpost.edge.run.RunResult;
import outpost.edge.schedule.RunRequest;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;
import outpost.edge.sync.HubTarget;
import outpost.edge.sync.SyncEngine;
import outpost.hub.auth.AuthInterceptor;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;
import outpost.hub.ingest.SyncService;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.store.HubRun;
import outpost.hub.store.SiteReport;
import outpost.hub.store.pg.PgHubStore;
import outpost.system.fixture.PgSchema;

/**
 * Edge and hub tell one status for one sync id even where only the edge knows how its run ended (docs/protocol.md,
 * ReportRun): the edge's integrate step fails after the hub saw the push and pull end COMPLETE; the report of it
 * is lost with the link and the next sync's Hello brings it; a stored change the edge cannot read makes its run
 * PARTIAL on both; the hub's fleet figures are those at the run's end.
 * Real hub (embedded store and PostgreSQL) and real edge in one JVM; the failures are injected in the edge's
 * routing (which only the integrate step asks during a sync) and in a gRPC interceptor that drops ReportRun calls.
 */
class RunReportAgreementTest {
  private static final String SITE = "clinic-a";

  @TempDir
  Path tmp;

  /** A hub on {@code store}, served again behind an interceptor that drops ReportRun calls while asked to. */
  private final class Nodes implements AutoCloseable {
    final Vertx pgVertx;
    final PgSchema schema;
    final HubWithEdges hub;
    final AtomicBoolean dropReports = new AtomicBoolean();
    final AtomicInteger dropped = new AtomicInteger();
    final Server server;

    Nodes(String store) throws Exception {
      pgVertx = store.equals("pg") ? Vertx.vertx() : null;
      schema = pgVertx == null ? null : new PgSchema(pgVertx);
      hub = schema == null ? new HubWithEdges(tmp)
          : new HubWithEdges(tmp, v -> new PgHubStore(v, schema.url(), GrpcHub.CATALOG));
      SyncService service = new SyncService("test-hub", 1, 1, GrpcHub.CATALOG, hub.hub.store, new HubMetrics(() -> 0));
      ServerInterceptor cut = new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
          if (dropReports.get() && call.getMethodDescriptor().getBareMethodName().equals("ReportRun")) {
            dropped.incrementAndGet();
            call.close(Status.UNAVAILABLE.withDescription("the link dropped"), new Metadata());
            return new ServerCall.Listener<>() { };
          }
          return next.startCall(call, headers);
        }
      };
      server = NettyServerBuilder.forPort(0).addService(ServerInterceptors.intercept(service,
          new AuthInterceptor(hub.hub.auth, 1, 1), cut)).build().start();
    }

    String address() {
      return "127.0.0.1:" + server.getPort();
    }

    Optional<HubRun> run(String syncId) {
      return Await.of(hub.hub.store.runs(SITE, 100)).stream().filter(r -> r.syncId().equals(syncId)).findFirst();
    }

    Optional<SiteReport> fleet() {
      return Await.of(hub.hub.store.siteReports()).stream().filter(r -> r.site().equals(SITE)).findFirst();
    }

    @Override
    public void close() throws Exception {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      hub.close();
      if (schema != null) {
        schema.close();
        Await.of(pgVertx.close());
      }
    }
  }

  /** A real edge whose routing can be made to fail: during a sync only the integrate step asks it. */
  private static final class Edge implements AutoCloseable {
    final AtomicBoolean brokenRouting = new AtomicBoolean();
    final EdgeStore store;
    final SyncEngine engine;

    Edge(Vertx vertx, Path dir, String address, String token) {
      store = EdgeStore.open(vertx, dir, SITE, Durability.COMMIT, c -> {
        if (brokenRouting.get()) {
          throw new IllegalStateException("the routing table cannot be read");
        }
        return "central";
      }, Clock.systemUTC());
      engine = new SyncEngine(store, SITE, List.of(new HubTarget("central", address, token, List.of(),
          List.of(), null, Duration.ofSeconds(20), 8 << 20)), new JsonObject().put("site", SITE), 1);
    }

    JsonObject sync() {
      return RunJson.toJson(Await.of(engine.run(RunRequest.manual())));
    }

    /** The run as the edge's run history holds it. */
    RunResult history(String syncId) {
      return Await.of(engine.history().query(r -> r.id().equals(syncId), 1)).get(0);
    }

    void put(String id) {
      Await.of(store.put("notes", id, new JsonObject().put("text", id)));
    }

    @Override
    public void close() {
      engine.close();
      store.close();
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    await(condition, () -> what);
  }

  /** Polls {@code condition} with a deadline; {@code what} is read when the wait fails, so it says how things stand. */
  private static void await(BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, () -> "waited 20 s for " + what.get());
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static void assertSameStatus(Nodes nodes, Edge edge, String syncId, String expected) {
    assertEquals(expected, edge.history(syncId).status().json(), "the edge's history");
    await(() -> nodes.run(syncId).map(r -> r.status().equals(expected) && r.confirmed()).orElse(false),
        () -> "the hub's run " + syncId + " to read " + expected + ", confirmed by the site (it reads "
            + nodes.run(syncId).map(r -> r.status() + (r.confirmed() ? ", confirmed" : ", unconfirmed"))
                .orElse("nothing") + ")");
    HubRun onHub = nodes.run(syncId).orElseThrow();
    assertEquals(expected, onHub.status(), "the hub's run " + onHub.toJson().encode());
    JsonObject json = onHub.toJson(); // what GET /api/sync/runs answers, with its times as ISO text
    assertEquals(expected, json.getString("status"));
    assertTrue(json.getBoolean("confirmed"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void anIntegrateThatFailsOnTheEdgeAfterTheHubSawACompleteRunReadsFailedOnBoth(String store) throws Exception {
    try (Nodes nodes = new Nodes(store);
        Edge a = new Edge(nodes.hub.vertx, tmp.resolve("a"), nodes.address(), nodes.hub.hub.addSite(SITE))) {
      a.put("n1");
      a.brokenRouting.set(true);
      JsonObject run = a.sync();
      assertEquals("FAILED", run.getString("status"), run.encodePrettily());
      assertEquals("integrate", run.getJsonArray("hubs").getJsonObject(0).getJsonArray("steps").stream()
          .map(JsonObject.class::cast).filter(s -> "FAILED".equals(s.getString("state"))).findFirst().orElseThrow()
          .getString("name"));
      String id = run.getString("id");
      assertSameStatus(nodes, a, id, "FAILED");
      HubRun onHub = nodes.run(id).orElseThrow();
      assertEquals("COMPLETE", onHub.hubStatus(), "the hub's own view is kept beside it");
      assertEquals(1, onHub.pushed(), "and so are its counts");
      assertEquals("FAILED", onHub.edge().collections().get("notes"));
      assertEquals("INTEGRATION_ERROR", onHub.edge().errorCode());

      a.brokenRouting.set(false);
      JsonObject next = a.sync();
      assertSameStatus(nodes, a, next.getString("id"), "COMPLETE");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void aReportTheLinkDroppedIsAppliedByTheNextSyncsHello(String store) throws Exception {
    try (Nodes nodes = new Nodes(store);
        Edge a = new Edge(nodes.hub.vertx, tmp.resolve("a"), nodes.address(), nodes.hub.hub.addSite(SITE))) {
      a.put("n1");
      a.brokenRouting.set(true);
      nodes.dropReports.set(true);
      String first = a.sync().getString("id");
      await(() -> nodes.dropped.get() == 1, "the edge's report to be dropped");
      HubRun unconfirmed = nodes.run(first).orElseThrow();
      assertFalse(unconfirmed.confirmed(), "as the hub saw it");
      assertEquals("COMPLETE", unconfirmed.status());
      assertNotNull(Await.of(a.store.setting("unreported-run:central")), "the edge kept the report");

      a.brokenRouting.set(false);
      nodes.dropReports.set(false);
      String second = a.sync().getString("id");
      assertSameStatus(nodes, a, first, "FAILED");
      assertSameStatus(nodes, a, second, "COMPLETE");
      await(() -> {
        try {
          return Await.of(a.store.setting("unreported-run:central")) == null;
        } catch (RuntimeException e) {
          return false;
        }
      }, "the edge to drop the delivered report");
      assertNull(Await.of(a.store.setting("unreported-run:central")));
    }
  }

  /** A stored change the edge cannot read: set aside, the run PARTIAL on the edge, while the hub saw COMPLETE. */
  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void aChangeTheEdgeCannotReadMakesTheRunPartialOnBoth(String store) throws Exception {
    try (Nodes nodes = new Nodes(store)) {
      String token = nodes.hub.hub.addSite(SITE);
      Path data = tmp.resolve("a");
      try (Edge a = new Edge(nodes.hub.vertx, data, nodes.address(), token)) {
        a.put("n1");
        a.put("n2");
      }
      MVStore mv = EdgeStore.openFile(data.resolve(EdgeStore.FILE_NAME));
      try {
        var log = Maps.longToString(mv, "log:central");
        log.put(2L, log.get(2L).replace("{\"text\":\"n2\"}", "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}"));
        mv.commit();
      } finally {
        mv.close();
      }
      try (Edge a = new Edge(nodes.hub.vertx, data, nodes.address(), token)) {
        JsonObject run = a.sync();
        assertEquals("PARTIAL", run.getString("status"), run.encodePrettily());
        assertSameStatus(nodes, a, run.getString("id"), "PARTIAL");
        assertEquals("COMPLETE", nodes.run(run.getString("id")).orElseThrow().hubStatus());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void theHubsFleetFiguresAfterARunAreTheEdgesAtItsEnd(String store) throws Exception {
    try (Nodes nodes = new Nodes(store);
        Edge a = new Edge(nodes.hub.vertx, tmp.resolve("a"), nodes.address(), nodes.hub.hub.addSite(SITE))) {
      for (int i = 0; i < 3; i++) {
        a.put("n" + i);
      }
      assertEquals(3, a.store.pending("central"));
      JsonObject run = a.sync();
      assertEquals("COMPLETE", run.getString("status"));
      assertEquals(0, a.store.pending("central"));
      await(() -> nodes.fleet().map(f -> f.pending() == 0).orElse(false), () -> "the hub's fleet figure to be 0 (it is "
          + nodes.fleet().map(SiteReport::pending).orElse(-1L) + ")");
      SiteReport fleet = nodes.fleet().orElseThrow();
      assertEquals(a.store.pending("central"), fleet.pending(), "pending at the run's end, not at its start");
      assertEquals(0, fleet.oldestPendingMillis());
    }
  }
}
