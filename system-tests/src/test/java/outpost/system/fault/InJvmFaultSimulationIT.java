package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import outpost.system.fixture.PgSchema;

/**
 * The fault simulation of {@link FaultSimulationIT} (same {@link Simulation}, {@link Model} and
 * {@link Checker}) with every node in this JVM: the hub on its embedded store in a temp folder or on
 * PostgreSQL in a schema of its own, three edges on their own store files, real gRPC through loopback
 * proxies that cut, stall and lose acknowledgements, kills that drop a node's store without another write
 * and reopen its files. Seeds are small and quick (fewer steps, shorter faults, an idle timeout of 750 ms),
 * so that a thousand run in an hour (docs/reliability.md).
 *
 * <p>Properties: {@code outpost.faults.seeds} (per store, default 5), {@code outpost.faults.parallel} (seeds run
 * at a time, default {@value SeedPool#DEFAULT_PARALLEL}; the nodes of two seeds share nothing but the JVM),
 * {@code outpost.seed},
 * {@code outpost.faults.config}, {@code outpost.faults.steps} (default 30), {@code outpost.faults.results},
 * {@code outpost.faults.logLevel} (the nodes' log level, default OFF: a killed node logs the failures of its
 * dropped store, and a thousand seeds at INFO is a lot of text; a replay can ask for INFO).
 */
class InJvmFaultSimulationIT {
  static final Simulation.Pace PACE = new Simulation.Pace(Integer.getInteger("outpost.faults.steps", 30), 3, 10, 40,
      0.25);

  @TempDir
  static Path tmp;
  private static Level savedLevel;

  @BeforeAll
  static void quietLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    savedLevel = root.getLevel();
    root.setLevel(Level.toLevel(System.getProperty("outpost.faults.logLevel", "OFF")));
  }

  @AfterAll
  static void restoreLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(savedLevel);
  }

  /**
   * Every seed of both stores, {@link SeedPool#PARALLEL} at a time: the seeds are queued when the factory runs,
   * and each dynamic test waits for its own seed, prints its lines as one block, and fails with its replay
   * command if it did.
   */
  @TestFactory
  Stream<DynamicTest> seeds() {
    List<DynamicTest> tests = new ArrayList<>();
    SeedPool pool = new SeedPool();
    for (String config : List.of("embedded", "pg")) {
      if (SeedFlow.configured(config)) {
        SeedFlow.seeds(5).forEach(seed -> {
          SeedPool.Result result = pool.submit(() -> simulate(config, seed));
          tests.add(dynamicTest("injvm " + config + " seed=" + seed, result::report));
        });
      }
    }
    tests.add(dynamicTest("injvm seed pool closes", pool::close));
    return tests.stream();
  }

  private void simulate(String config, long seed) throws Exception {
    String replay = SeedFlow.replay(getClass().getSimpleName(), config, seed);
    SeedFlow.out().println("FAULTS start injvm config=" + config + " seed=" + seed + " (replay: " + replay + ")");
    long started = System.nanoTime();
    Path dir = tmp.resolve(config + "-" + seed);
    Figures figures = SeedFlow.newFigures();
    JsonObject edgeExtra = new JsonObject().put("idleTimeout", "PT0.75S").put("schedule", new JsonObject()
        .put("intervalMinutes", 60).put("debounceSeconds", 1).put("backoffInitialSeconds", 1)
        .put("backoffMaxSeconds", 2));
    List<String> violations = new ArrayList<>();
    PgSchema schema = config.equals("pg") ? new PgSchema() : null;
    long[] closing = new long[1];
    try (schema; InJvmCluster cluster = new InJvmCluster(dir, schema == null ? null : schema.url(), edgeExtra);
        Monitor monitor = new Monitor(cluster.hub::grpcPort, "monitor", cluster.hub.addSite("monitor"))) {
      figures.add("time.start", (System.nanoTime() - started) / 1_000_000L);
      FaultMenu menu = FaultMenu.fromProperties();
      Simulation sim = new Simulation(cluster, seed, PACE, figures, null).menu(menu, cluster.slowStore);
      violations.addAll(SeedFlow.run(cluster, sim, figures, monitor, !menu.clonedDevice() ? null
          : checker -> CloneEpilogue.run(cluster, dir, new Random(seed), figures, checker)));
      closing[0] = System.nanoTime();
    }
    figures.add("time.close", (System.nanoTime() - closing[0]) / 1_000_000L);
    long millis = (System.nanoTime() - started) / 1_000_000L;
    SeedFlow.out().println("FAULTS done injvm config=" + config + " seed=" + seed + " millis=" + millis
        + " violations=" + violations.size() + " " + figures);
    SeedFlow.record("injvm", config, seed, millis, figures, violations);
    violations.forEach(v -> SeedFlow.out().println("FAULTS violation seed=" + seed + ": " + v));
    if (violations.isEmpty()) {
      deleteTree(dir); // a thousand seeds' stores would fill the disk; a failing seed's stay for a look
    }
    assertTrue(violations.isEmpty(), "seed " + seed + " (injvm " + config + ", replay: " + replay + "):\n"
        + String.join("\n", violations));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
