package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeded fault simulation (docs/reliability.md), once per seed on the embedded hub store and once on
 * PostgreSQL. Each seed is its own test, printed with its figures; a failing one replays with
 * {@code -Doutpost.seed=N} (and {@code -Doutpost.faults.config=embedded|pg} to pick one store).
 *
 * <p>Properties: {@code outpost.faults.seeds} (per configuration, default 1), {@code outpost.faults.steps}
 * (actions in the fault phase, default 100), {@code outpost.faults.results} (a JSON-lines file the
 * figures of each seed are appended to).
 */
class FaultSimulationTest {
  @TempDir
  static Path tmp;
  private static PgServer pg;

  @TestFactory
  Stream<DynamicTest> embeddedStore() {
    return configured("embedded") ? seeds().mapToObj(seed -> dynamicTest("embedded seed=" + seed,
        () -> simulate("embedded", seed))) : Stream.empty();
  }

  @TestFactory
  Stream<DynamicTest> postgresStore() {
    return configured("pg") ? seeds().mapToObj(seed -> dynamicTest("pg seed=" + seed,
        () -> simulate("pg", seed))) : Stream.empty();
  }

  @AfterAll
  static void stopPostgres() {
    if (pg != null) {
      pg.close();
    }
  }

  private static boolean configured(String config) {
    String only = System.getProperty("outpost.faults.config", "both");
    return only.equals("both") || only.equals(config);
  }

  private static LongStream seeds() {
    Long fixed = Long.getLong("outpost.seed");
    if (fixed != null) {
      return LongStream.of(fixed);
    }
    long base = System.nanoTime() & 0xFFFF_FFFFL;
    return LongStream.range(0, Integer.getInteger("outpost.faults.seeds", 1)).map(i -> base + i * 7919);
  }

  private void simulate(String config, long seed) throws Exception {
    System.out.println("FAULTS start config=" + config + " seed=" + seed + " (replay: -Doutpost.seed=" + seed
        + " -Doutpost.faults.config=" + config + ")");
    long started = System.nanoTime();
    Path dir = tmp.resolve(config + "-" + seed);
    Figures figures = new Figures();
    for (String name : List.of("check.lost", "check.duplicated", "check.diverged")) {
      figures.add(name, 0);
    }
    List<String> store;
    PgAudit audit = null;
    if (config.equals("pg")) {
      synchronized (FaultSimulationTest.class) {
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
    Cluster cluster = new Cluster(dir, store, edgeExtra);
    try (cluster; Monitor monitor = new Monitor(cluster.hub::grpcPort, "monitor", cluster.hub.addSite("monitor"))) {
      if (audit != null) {
        audit.install();
      }
      Simulation sim = new Simulation(cluster, seed, Integer.getInteger("outpost.faults.steps", 100), figures,
          config.equals("pg") ? mode -> pg.restart(mode) : null);
      Checker checker = new Checker(cluster, sim.model(), figures);
      long t = System.nanoTime();
      sim.setUp();
      t = lap(figures, "time.setUp", t);
      sim.faultPhase();
      t = lap(figures, "time.faults", t);
      sim.heal();
      t = lap(figures, "time.heal", t);
      checker.conflicts();
      sim.resolveAll();
      t = lap(figures, "time.resolve", t);
      checker.finalState();
      lap(figures, "time.check", t);
      if (audit != null) {
        audit.check(checker, figures, sim.model());
      }
      monitor.stop();
      for (String v : monitor.violations()) {
        figures.inc("check.duplicated");
        checker.violation("monitor: " + v);
      }
      figures.add("monitor.versionsObserved", monitor.observed());
      figures.add("restart.maxMillis", cluster.startMillis().stream().mapToLong(Long::longValue).max().orElse(0));
      figures.add("write.acked", sim.model().writes(Model.Ack.ACKED));
      figures.add("write.unknown", sim.model().writes(Model.Ack.UNKNOWN));
      violations.addAll(checker.violations());
      if (!sim.log().isEmpty()) {
        System.out.println("FAULTS runs that were not quiet while healing: " + sim.log());
      }
    } catch (Throwable t) {
      saveLogs(dir, seed, cluster);
      throw t;
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    System.out.println("FAULTS done config=" + config + " seed=" + seed + " seconds=" + seconds + " violations="
        + violations.size() + " " + figures);
    record(config, seed, seconds, figures, violations);
    if (!violations.isEmpty()) {
      saveLogs(dir, seed, cluster);
    }
    assertTrue(violations.isEmpty(), "seed " + seed + " (" + config + ", replay with -Doutpost.seed=" + seed
        + " -Doutpost.faults.config=" + config + "):\n" + String.join("\n", violations));
  }

  private static long lap(Figures figures, String name, long since) {
    long now = System.nanoTime();
    figures.add(name, (now - since) / 1_000_000_000L);
    return now;
  }

  private static void record(String config, long seed, long seconds, Figures figures, List<String> violations)
      throws IOException {
    Path results = Path.of(System.getProperty("outpost.faults.results", "target/fault-results.jsonl"));
    Files.createDirectories(results.toAbsolutePath().getParent());
    JsonObject line = new JsonObject().put("config", config).put("seed", seed).put("seconds", seconds)
        .put("violations", violations.size()).put("figures", figures.toJson());
    Files.writeString(results, line.encode() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Keeps every node's output of a failing seed under target/fault-logs/SEED/. */
  private static void saveLogs(Path dir, long seed, Cluster cluster) {
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
