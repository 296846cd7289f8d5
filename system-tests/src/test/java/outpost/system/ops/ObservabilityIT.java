package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.ChildProcess;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/**
 * A hub and three edges from their jars, logging JSON lines (the hub through -Doutpost.log.format=json,
 * the edges through OUTPOST_LOG_FORMAT=json). After real syncs with new records, a rejected change and a
 * conflict, both /metrics endpoints expose the named series with the values the syncs imply; every log
 * line parses as JSON; each run has one summary line (sync id, trigger, per-hub result, counts, duration);
 * an error is logged with its code; and no token appears anywhere in the output.
 */
class ObservabilityIT {
  private static final String API_TOKEN = "edge-api-token-5be0c7d1a94f";
  private static final String WRONG_TOKEN = "not-a-real-token-e83c2a17f6";

  @TempDir
  Path tmp;

  @Test
  void metricsLogsAndSecretsAfterRealSyncs() {
    Map<String, String> edgeEnv = Map.of("OUTPOST_LOG_FORMAT", "json", "OUTPOST_EDGE_API_TOKEN", API_TOKEN);
    try (Ops.HubProcess hub = Ops.startExampleHub(tmp.resolve("hub"), List.of("-Doutpost.log.format=json"),
        Map.of())) {
      String tokenA = Ops.addSite(hub.http(), "clinic-a");
      String tokenB = Ops.addSite(hub.http(), "clinic-b");
      ChildProcess pa = Ops.launchEdge(Ops.edgeConfig(tmp, "clinic-a", hub.grpcAddress(), tokenA), edgeEnv);
      ChildProcess pb = Ops.launchEdge(Ops.edgeConfig(tmp, "clinic-b", hub.grpcAddress(), tokenB), edgeEnv);
      ChildProcess px = Ops.launchEdge(Ops.edgeConfig(tmp, "clinic-x", hub.grpcAddress(), WRONG_TOKEN), edgeEnv);
      try (pa; pb; px) {
        Ops.EdgeProcess a = Ops.awaitEdge(pa);
        Ops.EdgeProcess b = Ops.awaitEdge(pb);
        Ops.EdgeProcess x = Ops.awaitEdge(px);
        waitIdle(a.url());
        waitIdle(b.url());

        // A: 300 shared notes and 20 of its own patients.
        bulk(a.url(), "notes", 0, 300);
        bulk(a.url(), "patients", 0, 20);
        assertEquals(320, edgeMetrics(a).value("outpost_edge_pending_changes", "hub", "central"));
        JsonObject runA = Ops.syncAndWait(a.url(), API_TOKEN);
        assertEquals("COMPLETE", runA.getString("status"), runA.encode());

        Prometheus ma = edgeMetrics(a);
        assertEquals(0, ma.value("outpost_edge_pending_changes", "hub", "central"));
        assertEquals(320, ma.value("outpost_edge_items_total", "hub", "central", "operation", "push",
            "result", "new"), ma.toString());
        assertTrue(Math.abs(ma.value("outpost_edge_last_success_seconds") - System.currentTimeMillis() / 1000.0) < 300,
            "last success is recent");
        assertTrue(ma.value("outpost_edge_run_duration_seconds_count", "status", "COMPLETE") >= 1);
        assertTrue(ma.value("outpost_edge_run_duration_seconds_sum", "status", "COMPLETE") > 0);
        assertEquals(0, ma.value("outpost_edge_failed_items"));
        assertEquals(0, ma.value("outpost_edge_open_conflicts"));

        Prometheus mh = hubMetrics(hub);
        assertEquals(2, mh.value("outpost_hub_sites_known"));
        assertEquals(320, mh.value("outpost_hub_changes_ingested_total", "result", "APPLIED"), "ingested = pushed");
        assertEquals(0, mh.value("outpost_hub_sites_connected"), "no call open after the run");
        assertTrue(mh.value("outpost_hub_store_latency_seconds_count", "op", "applyBatch", "outcome", "ok") >= 1);

        // B pulls the 300 shared notes (not A's patients), then writes a patient id A owns: rejected.
        JsonObject firstB = Ops.syncAndWait(b.url(), API_TOKEN);
        assertEquals("COMPLETE", firstB.getString("status"), firstB.encode());
        Prometheus afterPull = hubMetrics(hub);
        double servedToB = afterPull.value("outpost_hub_changes_served_total");
        assertTrue(servedToB >= 300, "served " + servedToB);
        assertEquals(0, afterPull.value("outpost_hub_site_lag", "site", "clinic-b"), "B is up to date");
        assertTrue(afterPull.value("outpost_hub_store_latency_seconds_count", "op", "pull", "outcome", "ok") >= 1);
        assertEquals(300, edgeMetrics(b).value("outpost_edge_items_total", "hub", "central", "operation", "pull",
            "result", "new"), "B received the notes, not A's patients");

        put(b.url(), "patients", "p0", new JsonObject().put("name", "not B's patient"));
        JsonObject rejected = Ops.syncAndWait(b.url(), API_TOKEN);
        assertEquals("PARTIAL", rejected.getString("status"), rejected.encode());
        Prometheus mb = edgeMetrics(b);
        assertEquals(1, mb.value("outpost_edge_failed_items"));
        assertEquals(1, mb.value("outpost_edge_items_total", "hub", "central", "operation", "push", "result", "failed"));
        assertEquals(1, hubMetrics(hub).value("outpost_hub_changes_ingested_total", "result", "REJECTED"));

        // A and B change the same field of note n0: A first, then B's change conflicts.
        put(a.url(), "notes", "n0", new JsonObject().put("n", 0).put("text", "from a"));
        put(b.url(), "notes", "n0", new JsonObject().put("n", 0).put("text", "from b"));
        assertEquals("COMPLETE", Ops.syncAndWait(a.url(), API_TOKEN).getString("status"));
        JsonObject conflicted = Ops.syncAndWait(b.url(), API_TOKEN);
        assertEquals("PARTIAL", conflicted.getString("status"), conflicted.encode());
        assertEquals(1, edgeMetrics(b).value("outpost_edge_open_conflicts"));
        Prometheus end = hubMetrics(hub);
        assertEquals(1, end.value("outpost_hub_conflicts_opened_total"));
        assertEquals(1, end.value("outpost_hub_changes_ingested_total", "result", "CONFLICT"));
        assertEquals(321, end.value("outpost_hub_changes_ingested_total", "result", "APPLIED"));

        // X is not registered: its start-up run fails with AUTH_ERROR, in its log and the hub's.
        String xSummary = x.process().await(Pattern.compile("trigger=startup status=FAILED"), 60);
        assertTrue(xSummary.contains("hubs=central=FAILED(AUTH_ERROR)"), xSummary);
        assertEquals("WARN", new JsonObject(xSummary).getString("level"), "a failed run is a warning");
        assertEquals("INFO", event(a.process(), runA.getString("id")).getString("level"), "a complete run is not");
        hub.process().await(Pattern.compile("refused a \\w+ call from .*AUTH_ERROR: site 'clinic-x' is not registered"),
            30);

        // One summary line per run, with sync id, trigger, per-hub result, counts and duration.
        String summaryA = summaryLine(a.process(), runA.getString("id"));
        assertTrue(summaryA.matches("sync " + runA.getString("id") + " trigger=manual status=COMPLETE "
            + "hubs=central=COMPLETE counts=\\[.*] durationMs=\\d+"), summaryA);
        JsonArray counts = new JsonArray(summaryA.substring(summaryA.indexOf("counts=") + 7,
            summaryA.indexOf(" durationMs")));
        assertTrue(counts.stream().map(JsonObject.class::cast).anyMatch(c -> "push".equals(c.getString("operation"))
            && "notes".equals(c.getString("collection")) && c.getLong("new") == 300), counts.encode());
        assertTrue(summaryLine(b.process(), rejected.getString("id")).contains("status=PARTIAL hubs=central=PARTIAL"));

        for (ChildProcess p : List.of(hub.process(), a.process(), b.process(), x.process())) {
          checkJsonLines(p.output());
          for (String secret : List.of(tokenA, tokenB, Ops.ADMIN_TOKEN, API_TOKEN, WRONG_TOKEN)) {
            assertFalse(p.output().contains(secret), "a token is in the output:\n" + p.output());
          }
        }
      }
    }
  }

  private static Prometheus edgeMetrics(Ops.EdgeProcess edge) {
    Http.Answer a = Http.as(null).get(edge.url() + "/metrics");
    assertEquals(200, a.status());
    return new Prometheus(a.body());
  }

  private static Prometheus hubMetrics(Ops.HubProcess hub) {
    assertEquals(401, Http.as(null).get(hub.http() + "/metrics").status(), "hub metrics need the admin token");
    Http.Answer a = Http.as(Ops.ADMIN_TOKEN).get(hub.http() + "/metrics");
    assertEquals(200, a.status());
    return new Prometheus(a.body());
  }

  private static void waitIdle(String url) {
    Await.until(() -> "idle".equals(Http.as(API_TOKEN).get(url + "/api/sync/status").json().getString("state")), 60,
        "the start-up run of " + url);
  }

  private static void bulk(String url, String collection, int from, int to) {
    JsonArray items = new JsonArray();
    for (int i = from; i < to; i++) {
      items.add(new JsonObject().put("id", collection.charAt(0) + Integer.toString(i))
          .put("data", new JsonObject().put("n", i).put("text", "record " + i)));
    }
    Http.Answer r = Http.as(API_TOKEN).send("POST", url + "/api/records/" + collection, new JsonObject().put("items", items));
    assertEquals(200, r.status(), r.body());
  }

  private static void put(String url, String collection, String id, JsonObject data) {
    Http.Answer r = Http.as(API_TOKEN).send("PUT", url + "/api/records/" + collection + "/" + id, data);
    assertTrue(r.status() == 200 || r.status() == 201, r.body());
  }

  /** The formatted message of the one summary line of this run. */
  private static String summaryLine(ChildProcess p, String syncId) {
    return event(p, syncId).getString("formattedMessage");
  }

  /** The one summary event of this run. */
  private static JsonObject event(ChildProcess p, String syncId) {
    List<JsonObject> found = new ArrayList<>();
    for (String line : p.output().split("\n")) {
      if (line.startsWith("{")) {
        JsonObject event = new JsonObject(line);
        if (event.getString("formattedMessage", "").startsWith("sync " + syncId + " trigger=")) {
          found.add(event);
        }
      }
    }
    assertEquals(1, found.size(), "one summary line for " + syncId + ": " + found);
    return found.get(0);
  }

  /** Every line is a JSON log event, except the "listening" line each serve command prints on stdout. */
  private static void checkJsonLines(String output) {
    int events = 0;
    for (String line : output.split("\n")) {
      if (line.isBlank() || line.startsWith("hub listening ") || line.matches("edge \\S+ listening on \\S+")) {
        continue;
      }
      try {
        JsonObject event = new JsonObject(line);
        assertTrue(event.containsKey("level") && event.containsKey("loggerName")
            && event.containsKey("formattedMessage"), line);
        events++;
      } catch (DecodeException e) {
        throw new AssertionError("not a JSON log line: " + line, e);
      }
    }
    assertTrue(events > 0, "some events were logged");
  }
}
