package outpost.edge.fleet;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import outpost.edge.run.RunJson;
import outpost.edge.run.RunResult;
import outpost.edge.store.Conflicts;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.FailedItems;
import outpost.edge.store.LogEntry;
import outpost.edge.store.RunHistory;
import outpost.proto.v1.FleetReport;

/**
 * Gathers the fleet report an edge sends in each Hello. A report is a courtesy to the hub's operator: when a
 * figure cannot be read the report goes without it (0, ""), and the sync never waits on or fails for it.
 */
public final class FleetReporter {
  private FleetReporter() {}

  /** The edge's state towards {@code hub} now; never fails. */
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
        report.setLastError(lastError(RunJson.toJson(latest.result().get(0))));
      }
      return Future.succeededFuture(report.build());
    });
  }

  /** The version the build wrote into the jar; "dev" when not run from the jar. */
  static String version() {
    String v = FleetReporter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The first error of the run (its own, else its first failed hub's) as "CODE: message"; "" when none. */
  static String lastError(JsonObject run) {
    String own = sentence(run.getValue("error"));
    if (!own.isEmpty()) {
      return own;
    }
    if (run.getValue("hubs") instanceof JsonArray hubs) {
      for (Object h : hubs) {
        String e = h instanceof JsonObject hub ? sentence(hub.getValue("error")) : "";
        if (!e.isEmpty()) {
          return hub(h) + ": " + e;
        }
      }
    }
    return "";
  }

  private static String hub(Object h) {
    return ((JsonObject) h).getString("name", "hub");
  }

  private static String sentence(Object error) {
    if (error instanceof JsonObject e) {
      String code = e.getString("code", "");
      String message = e.getString("message", "");
      return code.isEmpty() || message.startsWith(code) ? message : code + ": " + message;
    }
    return error instanceof String s ? s : "";
  }
}
