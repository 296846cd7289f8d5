package outpost.edge.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sync-now}: starts a sync on a running node and follows it, printing a line per hub and step when
 * its progress changes; exits 0 on COMPLETE, 1 otherwise, 2 when the node cannot be reached.
 */
@Command(name = "sync-now", mixinStandardHelpOptions = true, description = "Start a sync and show its progress.")
final class SyncNowCommand implements Callable<Integer> {
  static final long POLL_MS = 200;
  private static final int BAR = 10;

  @Spec
  CommandSpec spec;

  @Mixin
  ClientOptions options;

  private final Map<String, String> shown = new HashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NodeClient client = options.client();
    try {
      NodeClient.Answer started = client.post("/api/sync");
      if (started.status() != 202) {
        err.println("sync refused: " + NodeClient.describe(started));
        return 1;
      }
      String syncId = started.body().getString("syncId");
      out.println("sync " + syncId + " started");
      out.flush();
      JsonObject finished = follow(client, syncId, out);
      return report(client, finished, out);
    } catch (NodeClient.Unreachable e) {
      err.println(e.getMessage());
      return EdgeMain.EXIT_UNREACHABLE;
    }
  }

  /** Polls the status until the run is no longer current and its final form can be read. */
  private JsonObject follow(NodeClient client, String syncId, PrintWriter out)
      throws NodeClient.Unreachable, InterruptedException {
    while (true) {
      NodeClient.Answer status = client.get("/api/sync/status");
      JsonObject current = status.body().getJsonObject("currentRun");
      JsonObject last = status.body().getJsonObject("lastRun");
      if (current != null && syncId.equals(current.getString("id"))) {
        progress(current, out);
      } else if (last != null && syncId.equals(last.getString("id"))) {
        return last;
      } else if (current == null || !syncId.equals(current.getString("id"))) {
        // Queued behind another run, or already superseded by a newer one: ask for the run itself.
        NodeClient.Answer run = client.get("/api/sync/runs/" + syncId);
        if (run.status() == 200 && run.body().getString("finishedAt") != null) {
          return run.body();
        }
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MS);
    }
  }

  private void progress(JsonObject run, PrintWriter out) {
    for (Object h : run.getJsonArray("hubs", new JsonArray())) {
      if (!(h instanceof JsonObject hub)) {
        continue;
      }
      for (Object s : hub.getJsonArray("steps", new JsonArray())) {
        if (!(s instanceof JsonObject step) || "QUEUED".equals(step.getString("state"))) {
          continue;
        }
        String key = hub.getString("name") + " " + step.getString("name");
        String line = key + " " + line(step);
        if (!line.equals(shown.put(key, line))) {
          out.println(line);
          out.flush();
        }
      }
    }
  }

  static String line(JsonObject step) {
    long done = step.getLong("done", 0L);
    long total = step.getLong("total", 0L);
    if (total <= 0) {
      return done + " " + step.getString("state", "");
    }
    int filled = (int) Math.min(BAR, done * BAR / total);
    return done + "/" + total + " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
  }

  private int report(NodeClient client, JsonObject run, PrintWriter out) throws InterruptedException {
    progress(run, out);
    String status = run.getString("status", "UNKNOWN");
    out.println("sync " + run.getString("id") + " " + status);
    for (Object h : run.getJsonArray("hubs", new JsonArray())) {
      if (h instanceof JsonObject hub && hub.getValue("error") instanceof JsonObject error) {
        out.println("hub " + hub.getString("name") + ": " + NodeClient.describe(error));
      }
    }
    items(client, run, out);
    out.flush();
    return "COMPLETE".equals(status) ? 0 : 1;
  }

  /** Items shown at most on a PARTIAL or FAILED run; the view and GET /api/sync/runs/{id} list them all. */
  static final int MAX_ITEMS = 20;

  /**
   * Names what made a run less than COMPLETE: each collection that was not COMPLETE and each change the hub
   * refused or found in conflict, read from the run's detail.
   */
  private static void items(NodeClient client, JsonObject run, PrintWriter out) throws InterruptedException {
    if ("COMPLETE".equals(run.getString("status"))) {
      return;
    }
    JsonObject detail = run.containsKey("items") ? run : null;
    if (detail == null) {
      try {
        NodeClient.Answer answer = client.get("/api/sync/runs/" + run.getString("id"));
        detail = answer.status() == 200 ? answer.body() : run;
      } catch (NodeClient.Unreachable e) {
        detail = run;
      }
    }
    for (Object c : detail.getJsonArray("collections", new JsonArray())) {
      if (c instanceof JsonObject col && !"COMPLETE".equals(col.getString("status"))) {
        out.println("collection " + col.getString("collection") + " (hub " + col.getString("hub") + "): "
            + col.getString("status"));
      }
    }
    List<JsonObject> bad = new ArrayList<>();
    for (Object i : detail.getJsonArray("items", new JsonArray())) {
      if (i instanceof JsonObject item && !GOOD_ITEMS.contains(item.getString("status"))) {
        bad.add(item);
      }
    }
    for (JsonObject item : bad.subList(0, Math.min(MAX_ITEMS, bad.size()))) {
      out.println("  " + item.getString("collection") + "/" + item.getString("id") + " (" + item.getString("operation")
          + "): " + item.getString("status") + (item.getString("code") == null ? "" : " " + item.getString("code"))
          + (item.getString("message") == null ? "" : ": " + item.getString("message")));
    }
    if (bad.size() > MAX_ITEMS) {
      out.println("  ... and " + (bad.size() - MAX_ITEMS) + " more: see GET /api/sync/runs/" + run.getString("id"));
    }
  }

  /** Item results that are not errors. */
  private static final List<String> GOOD_ITEMS = List.of("APPLIED", "MERGED", "DUPLICATE");
}
