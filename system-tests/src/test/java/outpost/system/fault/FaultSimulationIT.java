package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeded fault simulation (docs/reliability.md) with every node a child process, once per seed on the
 * embedded hub store and once on PostgreSQL (a private cluster it restarts as a fault). Each seed is its own
 * test, printed with its figures and the command that replays it ({@code -Doutpost.seed=N}, and
 * {@code -Doutpost.faults.config=embedded|pg} to pick one store). {@link InJvmFaultSimulationIT} runs the
 * same simulation with every node in this JVM, many times faster.
 *
 * <p>Properties: {@code outpost.faults.seeds} (per configuration, default 1), {@code outpost.faults.steps}
 * (actions in the fault phase, default 100), {@code outpost.faults.results} (a JSON-lines file the
 * figures of each seed are appended to).
 */
class FaultSimulationIT {
  @TempDir
  static Path tmp;
  private static PgServer pg;

  @TestFactory
  Stream<DynamicTest> embeddedStore() {
    return SeedFlow.configured("embedded") ? SeedFlow.seeds(1).mapToObj(seed -> dynamicTest("embedded seed=" + seed,
        () -> simulate("embedded", seed))) : Stream.empty();
  }

  @TestFactory
  Stream<DynamicTest> postgresStore() {
    return SeedFlow.configured("pg") ? SeedFlow.seeds(1).mapToObj(seed -> dynamicTest("pg seed=" + seed,
        () -> simulate("pg", seed))) : Stream.empty();
  }

  @AfterAll
  static void stopPostgres() {
    if (pg != null) {
      pg.close();
    }
  }

  private void simulate(String config, long seed) throws Exception {
    String replay = SeedFlow.replay(getClass().getSimpleName(), config, seed);
    System.out.println("FAULTS start process config=" + config + " seed=" + seed + " (replay: " + replay + ")");
    long started = System.nanoTime();
    Path dir = tmp.resolve(config + "-" + seed);
    Figures figures = SeedFlow.newFigures();
    List<String> store;
    PgAudit audit = null;
    if (config.equals("pg")) {
      synchronized (FaultSimulationIT.class) {
        if (pg == null) {
          pg = PgServer.start(tmp);
        }
      }
      String db = "faults_" + seed;
      store = List.of("--pg-url", pg.createDatabase(db));
      audit = new PgAudit(pg, db);
    } else {
      store = List.of("--data", dir.resolve("hub-data").toString());
    }
    JsonObject edgeExtra = new JsonObject().put("idleTimeout", "PT3S").put("schedule", new JsonObject()
        .put("intervalMinutes", 1).put("debounceSeconds", 1).put("backoffInitialSeconds", 1)
        .put("backoffMaxSeconds", 4));
    List<String> violations = new ArrayList<>();
    ProcessCluster cluster = new ProcessCluster(dir, store, edgeExtra);
    try (cluster; Monitor monitor = new Monitor(cluster.hub::grpcPort, "monitor", cluster.hub.addSite("monitor"))) {
      if (audit != null) {
        audit.install();
      }
      Simulation sim = new Simulation(cluster, seed, Simulation.Pace.process(Integer.getInteger("outpost.faults.steps",
          100)), figures, config.equals("pg") ? mode -> pg.restart(mode) : null).menu(FaultMenu.fromProperties(), null);
      PgAudit pgAudit = audit;
      violations.addAll(SeedFlow.run(cluster, sim, figures, monitor,
          pgAudit == null ? null : checker -> pgAudit.check(checker, figures, sim.model())));
    } catch (Throwable t) {
      saveLogs(dir, seed, cluster);
      throw t;
    }
    long millis = (System.nanoTime() - started) / 1_000_000L;
    System.out.println("FAULTS done process config=" + config + " seed=" + seed + " millis=" + millis
        + " violations=" + violations.size() + " " + figures);
    SeedFlow.record("process", config, seed, millis, figures, violations);
    violations.forEach(v -> System.out.println("FAULTS violation seed=" + seed + ": " + v));
    if (!violations.isEmpty()) {
      saveLogs(dir, seed, cluster);
    }
    assertTrue(violations.isEmpty(), "seed " + seed + " (" + config + ", replay: " + replay + "):\n"
        + String.join("\n", violations));
  }

  /** Keeps every node's output of a failing seed under target/fault-logs/SEED/. */
  private static void saveLogs(Path dir, long seed, ProcessCluster cluster) {
    try {
      Path out = Path.of("target", "fault-logs", Long.toString(seed));
      Files.createDirectories(out);
      Files.writeString(out.resolve("hub.log"), cluster.hub.output());
      cluster.edges.forEach((site, e) -> {
        try {
          Files.writeString(out.resolve(site + ".log"), e.output());
        } catch (IOException ignored) {
          // best effort: the assertion message carries the violations
        }
      });
      System.out.println("FAULTS logs of seed " + seed + " in " + out.toAbsolutePath() + " (data in " + dir + ")");
    } catch (IOException ignored) {
      // best effort
    }
  }
}
