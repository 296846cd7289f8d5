package outpost.edge.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code status}: prints a running node's sync status. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Print the sync status of a node.")
final class StatusCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions options;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try {
      NodeClient.Answer a = options.client().get("/api/sync/status");
      if (a.status() != 200) {
        spec.commandLine().getErr().println("status failed: " + NodeClient.describe(a));
        return 1;
      }
      JsonObject s = a.body();
      JsonObject last = s.getJsonObject("lastRun");
      out.println("state:                " + s.getString("state"));
      JsonObject current = s.getJsonObject("currentRun");
      if (current != null) {
        out.println("current run:          " + current.getString("id") + " " + current.getString("status"));
      }
      out.println("last run:             " + (last == null ? "none"
          : last.getString("id") + " " + last.getString("status") + " at " + last.getValue("finishedAt")));
      if (last != null) {
        for (Object h : last.getJsonArray("hubs", new io.vertx.core.json.JsonArray())) {
          if (h instanceof JsonObject hub && hub.getValue("error") instanceof JsonObject error) {
            out.println("  hub " + hub.getString("name") + ": " + NodeClient.describe(error));
          }
        }
      }
      out.println("last successful sync: " + orNone(s.getValue("lastSuccessfulSync")));
      out.println("next due:             " + (s.getValue("nextDue") == null ? "not scheduled" : s.getValue("nextDue")));
      JsonObject pending = s.getJsonObject("pending", new JsonObject());
      out.println("pending:              " + (pending.isEmpty() ? "none" : ""));
      pending.forEach(e -> out.println("  " + e.getKey() + ": " + e.getValue()));
      out.flush();
      return 0;
    } catch (NodeClient.Unreachable e) {
      spec.commandLine().getErr().println(e.getMessage());
      return EdgeMain.EXIT_UNREACHABLE;
    }
  }

  private static String orNone(Object v) {
    return v == null ? "never" : v.toString();
  }
}
