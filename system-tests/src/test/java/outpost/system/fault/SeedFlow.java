package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.LongStream;

/**
 * What every seed of the fault simulation does, whichever way its nodes run: set-up, the fault phase,
 * healing, the conflict check, resolution, the final check and the monitor's verdict; and how seeds are
 * chosen, printed with a replay command, and appended to the results file.
 */
final class SeedFlow {
  /** The figures every seed reports, even when zero. */
  static final List<String> CHECKS = List.of("check.lost", "check.duplicated", "check.diverged", "check.stuck",
      "check.badInputAccepted", "check.droppedResolution");

  /**
   * Where a seed prints (its own buffer when seeds run together, {@link SeedPool}); threads the seed starts
   * inherit it.
   */
  static final InheritableThreadLocal<java.io.PrintStream> OUT = new InheritableThreadLocal<>();

  private SeedFlow() {}

  static java.io.PrintStream out() {
    java.io.PrintStream out = OUT.get();
    return out == null ? System.out : out;
  }

  /** {@code -Doutpost.seed=N} alone, or {@code outpost.faults.seeds} seeds (default {@code count}). */
  static LongStream seeds(int count) {
    Long fixed = Long.getLong("outpost.seed");
    if (fixed != null) {
      return LongStream.of(fixed);
    }
    long base = System.nanoTime() & 0xFFFF_FFFFL;
    return LongStream.range(0, Integer.getInteger("outpost.faults.seeds", count)).map(i -> base + i * 7919);
  }

  /** Whether {@code outpost.faults.config} (embedded, pg or both, the default) takes this store. */
  static boolean configured(String config) {
    String only = System.getProperty("outpost.faults.config", "both");
    return only.equals("both") || only.equals(config);
  }

  /** The command that runs this seed again, alone. */
  static String replay(String testClass, String config, long seed) {
    return "mvn -B -ntp -pl system-tests -am verify -Dit.test=" + testClass
        + " -Doutpost.faults.config=" + config + " -Doutpost.seed=" + seed;
  }

  static Figures newFigures() {
    Figures figures = new Figures();
    CHECKS.forEach(name -> figures.add(name, 0));
    return figures;
  }

  /**
   * Runs one seed on a started cluster and answers the violations. {@code storeCheck} adds checks of the
   * store itself after the final state (may be null). A cluster that does not settle once the faults have
   * stopped is a violation counted as {@code check.stuck}, not an error of the test.
   */
  static List<String> run(Cluster cluster, Simulation sim, Figures figures, Monitor monitor,
      Consumer<Checker> storeCheck) {
    Checker checker = new Checker(cluster, sim.model(), figures);
    try {
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
      if (storeCheck != null) {
        storeCheck.accept(checker);
      }
    } catch (Cluster.Stuck e) {
      figures.inc("check.stuck");
      checker.violation("stuck: " + e.getMessage());
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
    if (!sim.log().isEmpty()) {
      out().println("FAULTS runs that were not quiet while healing: " + sim.log());
    }
    List<String> violations = new java.util.ArrayList<>(sim.violations());
    violations.addAll(checker.violations());
    return violations;
  }

  /** Adds the milliseconds since {@code since} to a time figure and answers now. */
  private static long lap(Figures figures, String name, long since) {
    long now = System.nanoTime();
    figures.add(name, (now - since) / 1_000_000L);
    return now;
  }

  /** Appends one seed's figures to the JSON-lines file {@code outpost.faults.results}. */
  static synchronized void record(String mode, String config, long seed, long millis, Figures figures, List<String> violations)
      throws IOException {
    Path results = Path.of(System.getProperty("outpost.faults.results", "target/fault-results.jsonl"));
    Files.createDirectories(results.toAbsolutePath().getParent());
    JsonObject line = new JsonObject().put("mode", mode).put("config", config).put("seed", seed)
        .put("millis", millis).put("violations", violations.size()).put("figures", figures.toJson());
    Files.writeString(results, line.encode() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
