package outpost.edge.fleet;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import outpost.edge.run.HubResult;
import outpost.edge.run.RunError;
import outpost.edge.run.RunResult;
import outpost.edge.run.StepResult;
import outpost.edge.store.Conflicts;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.FailedItems;
import outpost.edge.store.LogEntry;
import outpost.edge.store.RunHistory;
import outpost.proto.v1.FleetReport;

/**
 * Gathers the fleet report an edge sends in each Hello and after each run (ReportRun). A report is a courtesy to
 * the hub's operator: when a figure cannot be read the report goes without it (0, ""), and the sync never waits
 * on or fails for it.
 */
public final class FleetReporter {
  private FleetReporter() {}

  /** The first error of a run and the hub it came from. */
  public record HubError(String hub, RunError error) {
    /** "hub: CODE: message", the code once. */
    public String sentence() {
      return hub + ": " + error.summary();
    }
  }

  /** The edge's state towards {@code hub} now, with the last error of the latest run in the history; never fails. */
  public static Future<FleetReport> gather(EdgeStore store, String hub) {
    FleetReport.Builder report = FleetReport.newBuilder().setNodeVersion(version());
    try {
      report.setPending(store.pending(hub)).setFailedItems(new FailedItems(store).count())
          .setOpenConflicts(new Conflicts(store).count()).setStoreBytes(store.fileSize());
    } catch (RuntimeException e) {
      return Future.succeededFuture(report.build()); // a store that cannot say fails the sync's own steps, not this
    }
    Future<List<LogEntry>> oldest = store.readLog(hub, 0, 1);
    Future<List<RunResult>> latest = new RunHistory(store).query(run -> true, 1);
    return Future.join(oldest, latest).transform(ar -> {
      if (oldest.succeeded() && !oldest.result().isEmpty()) {
        report.setOldestPendingMillis(oldest.result().get(0).writtenAtMillis());
      }
      if (latest.succeeded() && !latest.result().isEmpty()) {
        lastError(latest.result().get(0)).ifPresent(e -> report.setLastError(e.sentence())
            .setLastErrorCode(e.error().code().name()));
      }
      return Future.succeededFuture(report.build());
    });
  }

  /** The version the build wrote into the jar; "dev" when not run from the jar. */
  public static String version() {
    String v = FleetReporter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The run's first error: its first hub with one, that hub's own error, else its first failed step's. */
  public static Optional<HubError> lastError(RunResult run) {
    for (HubResult hub : run.hubs()) {
      Optional<RunError> error = errorOf(hub);
      if (error.isPresent()) {
        return Optional.of(new HubError(hub.name(), error.get()));
      }
    }
    return Optional.empty();
  }

  /** The error a hub's part of a run ended with: its own, else its first failed step's. */
  public static Optional<RunError> errorOf(HubResult hub) {
    return hub.error() != null ? Optional.of(hub.error())
        : hub.steps().stream().map(StepResult::error).filter(e -> e != null).findFirst();
  }
}
