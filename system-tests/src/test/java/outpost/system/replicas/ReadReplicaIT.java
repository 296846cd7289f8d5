package outpost.system.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import outpost.bench.Child;
import outpost.bench.LoadGenerator;
import outpost.common.merge.ChangeOp;
import outpost.hub.auth.AuthInterceptor;
import outpost.hub.auth.SiteAuthenticator;
import outpost.hub.auth.SiteTokens;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.hub.ingest.SyncService;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.StoredRecord;
import outpost.hub.store.pg.PgHubStore;
import outpost.system.fault.PgServer;
import outpost.system.fixture.Await;

/**
 * Pulls served from a real PostgreSQL streaming replica (docs/operations.md, "Pulls from a streaming
 * replica"): a private primary cluster made with initdb, a standby cloned from it with pg_basebackup -R
 * on another port, and two hub replicas whose stores write to the primary and read pull pages from the
 * standby. Every {@link WireSite} checks each pull (nothing at or below its cursor, no version twice,
 * the cursor never backwards, the last page's digests equal to what it holds). The standby is stopped
 * by the last test, so the order is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaIT {
  private static final int SITES = 40;
  private static final int ROUNDS = 5;
  private static final int GENERATOR_SITES = 200;
  private static final int GENERATOR_CHANGES = 50;
  private static final int CATALOGUE = 100;

  @TempDir
  static Path tmp;

  private static PgServer primary;
  private static PgServer standby;
  private static Vertx vertx;
  private static final AtomicInteger databases = new AtomicInteger();

  @BeforeAll
  static void startClusters() {
    // Fails rather than skips: scripts/test.sh installs PostgreSQL, which brings initdb and pg_basebackup.
    assertTrue(PgServer.available(), "initdb / pg_basebackup not installed under /usr/lib/postgresql");
    vertx = Vertx.vertx();
    primary = PgServer.start(tmp);
    standby = primary.standby(tmp);
    assertEquals("t", standby.psql("postgres", "SELECT pg_is_in_recovery()"), "the clone runs as a standby");
  }

  @AfterAll
  static void stopClusters() {
    if (standby != null) {
      standby.close();
    }
    if (primary != null) {
      primary.close();
    }
    if (vertx != null) {
      Await.of(vertx.close());
    }
  }

  /**
   * The test collections plus the many-sites load generator's (a shared catalogue only the hub writes,
   * site-scoped readings).
   */
  private static final Catalog CATALOG = new Catalog(List.of(
      new CollectionRule("patients", CollectionRule.Scope.SITE, CollectionRule.Writers.OWNER),
      new CollectionRule("items", CollectionRule.Scope.SHARED, CollectionRule.Writers.HUB),
      new CollectionRule("notes", CollectionRule.Scope.SHARED, CollectionRule.Writers.ANY),
      new CollectionRule("catalog", CollectionRule.Scope.SHARED, CollectionRule.Writers.HUB),
      new CollectionRule("readings", CollectionRule.Scope.SITE, CollectionRule.Writers.OWNER)));

  /** A hub on a fresh database of the primary, reading pulls from the standby: the real sync service and auth. */
  private static final class ReplicaHub implements AutoCloseable {
    final PgHubStore store;
    final SiteAuthenticator auth;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Server server;
    final ManagedChannel channel;

    ReplicaHub(String database, Duration maxLag) throws IOException {
      String read = "postgresql://postgres@127.0.0.1:" + standby.port() + "/" + database;
      store = new PgHubStore(vertx, "postgresql://postgres@127.0.0.1:" + primary.port() + "/" + database, read,
          maxLag, CATALOG);
      store.bindMetrics(meters);
      Await.of(store.open());
      auth = new SiteAuthenticator(store);
      SyncService service = new SyncService("replica-test-hub", 1, 1, CATALOG, store, new HubMetrics(() -> 0));
      server = NettyServerBuilder.forPort(0)
          .addService(ServerInterceptors.intercept(service, new AuthInterceptor(auth, 1, 1))).build().start();
      channel = NettyChannelBuilder.forTarget(address()).usePlaintext().maxInboundMessageSize(64 << 20).build();
    }

    String address() {
      return "127.0.0.1:" + server.getPort();
    }

    double pages(String source) {
      return meters.find("outpost.hub.pg.read.pages").tag("source", source).functionCounter().count();
    }

    double fallbacks(String reason) {
      FunctionCounter c = meters.find("outpost.hub.pg.read.fallbacks").tag("reason", reason).functionCounter();
      return c.count();
    }

    double serving() {
      Gauge g = meters.find("outpost.hub.pg.read.replica.serving").gauge();
      return g.value();
    }

    @Override
    public void close() {
      channel.shutdownNow();
      server.shutdownNow();
      Await.of(store.close());
    }
  }

  /** Two hubs on a fresh database, its schema on the standby, and one site. */
  private static final class OneSite implements AutoCloseable {
    final ReplicaHub hub;
    final ReplicaHub other;
    final WireSite site;

    OneSite(Duration maxLag) throws IOException {
      String db = newDatabase();
      hub = new ReplicaHub(db, maxLag);
      other = new ReplicaHub(db, maxLag);
      awaitReplay();
      site = addSites(hub, other, 1).get(0);
    }

    @Override
    public void close() {
      other.close();
      hub.close();
    }
  }

  private static String newDatabase() {
    String name = "replica_" + databases.incrementAndGet();
    primary.createDatabase(name);
    return name;
  }

  /** Waits until the standby has replayed everything the primary has written so far. */
  private static void awaitReplay() {
    String lsn = primary.psql("postgres", "SELECT pg_current_wal_lsn()");
    Await.until(() -> "t".equals(standby.psql("postgres", "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'")), 60,
        "the standby to replay up to " + lsn);
  }

  /** Registers sites sharing one low-cost token (cost 10 for each of dozens of sites only slows the test). */
  private static List<WireSite> addSites(ReplicaHub first, ReplicaHub second, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(String.format("site-%03d", i));
    }
    String token = register(first, second, ids);
    return ids.stream().map(id -> new WireSite(id, token)).toList();
  }

  private static String register(ReplicaHub first, ReplicaHub second, List<String> ids) {
    String token = SiteTokens.newToken();
    String hash = BCrypt.withDefaults().hashToString(4, token.toCharArray());
    for (String id : ids) {
      Await.of(first.store.addSite(SiteRecord.create(id, hash, System.currentTimeMillis())));
    }
    Await.of(first.auth.refresh());
    Await.of(second.auth.refresh());
    return token;
  }

  /** Hub-side writes of shared items through the primary; answers the versions written. */
  private static long writeItems(PgHubStore store, String prefix, int count) {
    return writeItems(store, prefix, count, "");
  }

  private static long writeItems(PgHubStore store, String prefix, int count, String pad) {
    return write(store, "items", prefix, count, pad);
  }

  private static long write(PgHubStore store, String collection, String prefix, int count, String pad) {
    long last = 0;
    for (int i = 0; i < count; i += 500) {
      List<IncomingChange> batch = new ArrayList<>();
      for (int j = i; j < Math.min(count, i + 500); j++) {
        JsonObject data = new JsonObject().put("n", j).put("text", "item " + j + " of " + prefix + pad);
        batch.add(new IncomingChange(0, collection, prefix + "-" + j, ChangeOp.PUT, data, data.fieldNames(), 0, "", ""));
      }
      last = Await.of(store.applyBatch("", "", batch)).stream().mapToLong(o -> o.version()).max().orElse(last);
    }
    return last;
  }

  /** What a site's scope holds on the primary: shared records and its own, as collection NUL id → version. */
  private static Map<String, Long> scope(PgHubStore store, String site) {
    Map<String, Long> out = new TreeMap<>();
    for (String collection : CATALOG.all().stream().map(CollectionRule::name).toList()) {
      for (StoredRecord r : Await.of(store.list(collection, null, 1_000_000))) {
        if (r.owner().isEmpty() || r.owner().equals(site)) {
          out.put(collection + "\0" + r.id(), r.version());
        }
      }
    }
    return out;
  }

  /**
   * The figures in docs/operations.md ("How much one primary takes"), not part of the suite: run with
   * -Doutpost.replica.measure=true. 20 sites push 5,000 site-scoped records each (batches of 500) through
   * two hubs at once, then each pulls its scope through the standby; CPU of each cluster's processes and
   * of this JVM (both hubs, the sites and the test) per record.
   */
  @Test
  @Order(0)
  void measureIngestAndReplicaPullCostPerRecord() throws Exception {
    assumeTrue(Boolean.getBoolean("outpost.replica.measure"), "a measurement: -Doutpost.replica.measure=true");
    String db = newDatabase();
    try (ReplicaHub first = new ReplicaHub(db, Duration.ofSeconds(2));
        ReplicaHub second = new ReplicaHub(db, Duration.ofSeconds(2))) {
      awaitReplay();
      List<WireSite> sites = addSites(first, second, 20);
      ExecutorService pool = Executors.newFixedThreadPool(20);
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
          .getOperatingSystemMXBean();
      try {
        for (String phase : List.of("push", "pull")) {
          double primaryCpu = primary.cpuSeconds();
          double standbyCpu = standby.cpuSeconds();
          long jvmCpu = os.getProcessCpuTime();
          long started = System.nanoTime();
          List<Future<?>> runs = new ArrayList<>();
          for (int i = 0; i < sites.size(); i++) {
            WireSite site = sites.get(i);
            ReplicaHub hub = i % 2 == 0 ? first : second;
            runs.add(pool.submit(() -> {
              for (int b = 0; b < 10; b++) {
                if (phase.equals("push")) {
                  site.push(hub.channel, 500, 0);
                }
              }
              if (phase.equals("pull")) {
                site.pull(hub.channel, 500, batch -> { });
              }
              return null;
            }));
          }
          for (Future<?> run : runs) {
            run.get(10, TimeUnit.MINUTES);
          }
          double seconds = (System.nanoTime() - started) / 1e9;
          if (phase.equals("push")) {
            awaitReplay();
          }
          double records = 100_000;
          System.out.printf("MEASURE %s: %.0f records in %.1f s = %.0f records/s; CPU us/record: primary %.1f, "
              + "standby %.1f, hub JVM %.1f; load %s%n", phase, records, seconds, records / seconds,
              (primary.cpuSeconds() - primaryCpu) * 1e6 / records, (standby.cpuSeconds() - standbyCpu) * 1e6 / records,
              (os.getProcessCpuTime() - jvmCpu) / 1e3 / records, java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
        }
        System.out.printf("MEASURE pages: standby %.0f, primary %.0f%n", first.pages("replica") + second.pages("replica"),
            first.pages("primary") + second.pages("primary"));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  @Order(1)
  void twoHubsPullingFromTheStandbyUnderManySitesDeliverEveryChangeOnceAndNeverMoveACursorBack() throws Exception {
    String db = newDatabase();
    try (ReplicaHub first = new ReplicaHub(db, Duration.ofSeconds(2));
        ReplicaHub second = new ReplicaHub(db, Duration.ofSeconds(2))) {
      awaitReplay(); // the schema the hubs just created is on the standby
      List<WireSite> sites = addSites(first, second, SITES);
      List<String> generatorSites = new ArrayList<>();
      for (int i = 0; i < GENERATOR_SITES; i++) {
        generatorSites.add(LoadGenerator.siteName(i));
      }
      String generatorToken = register(first, second, generatorSites);
      write(first.store, "catalog", "c", CATALOGUE, "");
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(12);
      try {
        // The many-sites load generator (a child JVM; docs/performance.md, "Many sites") on the second hub:
        // each of its sites pushes readings and then pulls its whole scope from cursor 0 at once.
        Future<JsonObject> generated = pool.submit(() -> {
          try (Child generator = new Child(LoadGenerator.class.getName(), List.of("-Xmx256m"),
              List.of(second.address(), generatorToken, Integer.toString(GENERATOR_SITES),
                  Integer.toString(GENERATOR_CHANGES)), tmp.resolve("load-generator.log"))) {
            return generator.call("run");
          }
        });
        // The hub's own writer keeps the primary (and the standby's replay) moving during every pull.
        Future<?> writer = pool.submit(() -> {
          int round = 0;
          while (writing.get()) {
            writeItems(first.store, "w" + round++, 10);
            pause(100);
          }
        });
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
          WireSite site = sites.get(i);
          ReplicaHub home = i % 2 == 0 ? first : second;
          ReplicaHub other = home == first ? second : first;
          runs.add(pool.submit(() -> {
            for (int round = 0; round < ROUNDS; round++) {
              site.push(home.channel, 3, 2);
              // Pulls alternate between the hubs: a cursor one hub gave is the floor at the other.
              site.pull(round % 2 == 0 ? home.channel : other.channel, 50, batch -> { });
            }
            return null;
          }));
        }
        for (Future<?> run : runs) {
          run.get(3, TimeUnit.MINUTES);
        }
        JsonObject load = generated.get(5, TimeUnit.MINUTES);
        assertEquals(0, load.getInteger("errors"), "load generator: " + load.encode());
        assertEquals(GENERATOR_SITES * GENERATOR_CHANGES, load.getLong("applied").intValue(), load.encode());
        // Each generated site pulled the catalogue and its own readings exactly once: no more, no fewer.
        assertEquals(GENERATOR_SITES * (CATALOGUE + GENERATOR_CHANGES), load.getLong("pulled").intValue(),
            load.encode());
        writing.set(false);
        writer.get(1, TimeUnit.MINUTES);
        for (WireSite site : sites) {
          site.pull(first.channel, 200, batch -> { });
          assertEquals(scope(first.store, site.site), site.state(), site.site + " holds exactly its scope");
        }
      } finally {
        writing.set(false);
        pool.shutdownNow();
      }
      double fromReplica = first.pages("replica") + second.pages("replica");
      double fromPrimary = first.pages("primary") + second.pages("primary");
      System.out.printf("replica pulls under load: %d sites x %d rounds and %d load-generator sessions, pages from "
          + "the standby %.0f, from the primary %.0f, fallbacks lag %.0f down %.0f%n", SITES, ROUNDS, GENERATOR_SITES,
          fromReplica, fromPrimary,
          first.fallbacks("lag") + second.fallbacks("lag"), first.fallbacks("down") + second.fallbacks("down"));
      assertTrue(fromReplica > fromPrimary, "the standby served most pages: " + fromReplica + " vs " + fromPrimary);
      assertEquals(0.0, first.fallbacks("down") + second.fallbacks("down"), "the standby never failed");
    }
  }

  @Test
  @Order(2)
  void aStandbyPastTheLagBoundSendsPullsToThePrimaryWhichSeeTheNewestChanges() throws Exception {
    try (OneSite setup = new OneSite(Duration.ofMillis(300))) {
      ReplicaHub hub = setup.hub;
      ReplicaHub other = setup.other;
      WireSite site = setup.site;
      writeItems(hub.store, "before", 100);
      awaitReplay();
      site.pull(hub.channel, 50, batch -> { });
      assertEquals(0.0, hub.pages("primary"), "a standby that keeps up serves every page");
      standby.psql("postgres", "SELECT pg_wal_replay_pause()");
      try {
        long newest = writeItems(hub.store, "paused", 50);
        site.push(hub.channel, 2, 1);
        site.pull(hub.channel, 50, batch -> { });
        assertTrue(site.cursor() >= newest, "the pull reached the primary's newest change " + newest);
        assertEquals(scope(hub.store, site.site), site.state());
        assertEquals(1.0, hub.fallbacks("lag"), "the lag bound sent the pull to the primary");
        assertEquals(0.0, hub.serving(), "the replica is set aside while it lags");
        // Set aside, the standby costs no wait: the next pull goes to the primary at once.
        writeItems(hub.store, "paused-2", 10);
        double primaryPages = hub.pages("primary");
        site.pull(hub.channel, 50, batch -> { });
        assertEquals(scope(hub.store, site.site), site.state());
        assertTrue(hub.pages("primary") > primaryPages);
        assertEquals(1.0, hub.fallbacks("lag"), "no second wait for the standby already set aside");
        // A cursor from the primary is ahead of the paused standby: the other hub must not answer it from there.
        site.pull(other.channel, 50, batch -> { });
        assertEquals(scope(hub.store, site.site), site.state());
      } finally {
        standby.psql("postgres", "SELECT pg_wal_replay_resume()");
      }
      awaitReplay();
      double before = hub.pages("replica");
      writeItems(hub.store, "resumed", 10);
      site.pull(hub.channel, 50, batch -> { });
      assertEquals(scope(hub.store, site.site), site.state());
      assertTrue(hub.pages("replica") > before, "the standby serves again once it caught up");
      assertEquals(1.0, hub.serving());
    }
  }

  @Test
  @Order(3)
  void aStandbyStoppedMidPullLetsThePullCompleteFromThePrimaryWithNothingSkippedOrTwice() throws Exception {
    try (OneSite setup = new OneSite(Duration.ofSeconds(2))) {
      ReplicaHub hub = setup.hub;
      ReplicaHub other = setup.other;
      WireSite site = setup.site;
      site.push(hub.channel, 5, 5);
      // About 1 KB a record, so that gRPC's flow-control window holds only a few pages ahead of the site.
      writeItems(hub.store, "big", 20_000, "x".repeat(1000));
      awaitReplay();
      AtomicBoolean stopped = new AtomicBoolean();
      site.pull(hub.channel, 100, batch -> {
        if (batch == 20) {
          standby.stopImmediately();
          stopped.set(true);
        }
      });
      assertTrue(stopped.get(), "the standby was stopped while the pull was under way");
      assertEquals(scope(hub.store, site.site), site.state(), "every record arrived, none twice");
      assertTrue(site.pulledRecords >= 20_010, "pulled " + site.pulledRecords);
      assertTrue(hub.pages("replica") >= 20, "the first pages came from the standby");
      assertTrue(hub.pages("primary") > 0, "the rest came from the primary");
      assertTrue(hub.fallbacks("down") >= 1, "the failure was counted");
      // The next run, with the standby still down, is served by the primary without a failure.
      writeItems(hub.store, "after", 10);
      site.pull(other.channel, 100, batch -> { });
      assertEquals(scope(hub.store, site.site), site.state());
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // pacing the load and the replay poll; each wait has its own deadline
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
