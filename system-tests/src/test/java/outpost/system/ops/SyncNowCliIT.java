package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.ChildProcess;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/**
 * {@code sync-now} as an operator runs it in a terminal, all from the jars: against a running hub it prints
 * the run id, progress lines per hub and step, and COMPLETE, and exits 0; once the hub is stopped it exits
 * non-zero and prints CONNECTION_ERROR with the hint.
 */
class SyncNowCliIT {
  private static final String API_TOKEN = "edge-api-token-sync-now-01";

  @TempDir
  Path tmp;

  @Test
  void syncNowExitsZeroWithProgressAgainstARealHubAndNonZeroWithConnectionErrorOnceItStops() {
    Ops.HubProcess hub = Ops.startExampleHub(tmp.resolve("hub"), List.of(), Map.of());
    try (Ops.EdgeProcess edge = Ops.awaitEdge(Ops.launchEdge(Ops.edgeConfig(tmp, "clinic-cli", hub.grpcAddress(),
        Ops.addSite(hub.http(), "clinic-cli")), Map.of("OUTPOST_EDGE_API_TOKEN", API_TOKEN)))) {
      Await.until(() -> "idle".equals(Http.as(API_TOKEN).get(edge.url() + "/api/sync/status").json()
          .getString("state")), 60, "the start-up run");
      JsonArray items = new JsonArray();
      for (int i = 0; i < 1200; i++) {
        items.add(new JsonObject().put("id", "n" + i).put("data", new JsonObject().put("i", i)));
      }
      assertEquals(200, Http.as(API_TOKEN).send("POST", edge.url() + "/api/records/notes",
          new JsonObject().put("items", items)).status());

      ChildProcess ok = syncNow(edge.url());
      assertEquals(0, ok.waitForExit(90), ok.output());
      String out = ok.output();
      String id = find(out, "^sync (\\S+) started$");
      assertTrue(Pattern.compile("(?m)^central push 1200/1200 \\[##########]$").matcher(out).find(), out);
      assertTrue(Pattern.compile("(?m)^central pull \\d+").matcher(out).find(), out);
      assertTrue(out.contains("sync " + id + " COMPLETE"), out);

      hub.process().terminate(30);
      assertEquals(201, Http.as(API_TOKEN).send("PUT", edge.url() + "/api/records/notes/late",
          new JsonObject().put("text", "written after the hub stopped")).status());
      ChildProcess failed = syncNow(edge.url());
      int exit = failed.waitForExit(90);
      assertTrue(exit != 0 && exit != -1, "exit " + exit + "\n" + failed.output());
      String err = failed.output();
      assertTrue(err.contains(" FAILED"), err);
      // One sentence: the hub, the code once, the message and the hint (docs/web-view.md).
      assertTrue(Pattern.compile("(?m)^hub central: CONNECTION_ERROR: The hub could not be reached .*\\. Check the "
          + "network link").matcher(err).find(), err);
      assertTrue(err.indexOf("CONNECTION_ERROR") == err.lastIndexOf("CONNECTION_ERROR"), "the code once: " + err);
    } finally {
      hub.close();
    }
  }

  private static ChildProcess syncNow(String url) {
    return ChildProcess.start(ChildProcess.edgeJar(), List.of("-Xmx64m"), Map.of("OUTPOST_EDGE_API_TOKEN", API_TOKEN),
        "sync-now", "--url", url);
  }

  private static String find(String text, String regex) {
    var m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    assertTrue(m.find(), regex + " in:\n" + text);
    return m.group(1);
  }
}
