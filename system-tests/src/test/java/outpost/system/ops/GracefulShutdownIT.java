package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.server.HubServer;
import outpost.hub.store.PullPage;
import outpost.hub.store.StoredRecord;
import outpost.system.ChildProcess;
import outpost.system.fixture.Await;
import outpost.system.fixture.FaultProxy;
import outpost.system.fixture.Http;

/**
 * SIGTERM to a real edge process in the middle of a 100,000-record push. The edge link to the hub goes
 * through a rate-limited proxy so that the push is still running when the signal arrives. The process
 * must exit cleanly (143 = 128 + SIGTERM, the JVM's code after its shutdown hooks ran; 0 also accepted),
 * with the run stopped at a batch boundary, its record saved and the store closed; the next start must
 * finish the push with every record on the hub exactly once and nothing pending on the edge.
 */
class GracefulShutdownIT {
  private static final int RECORDS = Integer.getInteger("outpost.ops.records", 100_000);
  private static final int CHUNK = 10_000;
  /** Client-to-hub bytes per second: a ~25 MB push then takes several seconds. */
  private static final long RATE = 6L << 20;

  @TempDir
  Path tmp;

  @Test
  void sigtermDuringAHundredThousandRecordPushExitsCleanlyAndTheNextStartCompletesIt() throws Exception {
    HubServer hub = Ops.inProcessHub(tmp.resolve("hub"), null);
    try (FaultProxy link = new FaultProxy(hub.grpcPort()).limitToHub(RATE)) {
      String token = Ops.addSite("http://127.0.0.1:" + hub.httpPort(), "clinic-sig");
      Path config = Files.writeString(tmp.resolve("edge.json"), new JsonObject()
          .put("site", "clinic-sig").put("data", tmp.resolve("edge").toString()).put("httpPort", 0)
          .put("bodyLimitBytes", 4 << 20)
          .put("hubs", new JsonArray().add(new JsonObject().put("name", "central")
              .put("address", "127.0.0.1:" + link.port()).put("token", token)))
          // No timer or write-triggered run gets in the way: the test starts the run itself.
          .put("schedule", new JsonObject().put("frequency", "interval").put("intervalMinutes", 1440)
              .put("debounceSeconds", 3600)).encode());

      long hubAfterSigterm;
      String firstRun;
      try (ChildProcess edge = startEdge(config)) {
        String url = edge.await(Ops.EDGE_LISTENING, 60);
        waitIdle(url);
        writeRecords(url);
        assertEquals(RECORDS, pending(url));

        Http.Answer started = Http.as(null).send("POST", url + "/api/sync", null);
        assertEquals(202, started.status(), started.body());
        firstRun = started.json().getString("syncId");
        Await.until(() -> pushDone(url) >= 2_000, 60, "the push to be under way");

        int exit = edge.terminate(40);
        String out = edge.output();
        assertTrue(exit == 143 || exit == 0, "exit code " + exit + "\n" + out);
        assertTrue(out.contains("will stop after its current batch"), out);
        assertTrue(out.contains("edge clinic-sig store closed") && out.contains("edge clinic-sig stopped"), out);
        assertFalse(out.contains(" ERROR ") || out.contains("Exception"), "errors at shutdown:\n" + out);
        hubAfterSigterm = Await.of(hub.store().head());
        System.out.println("SIGTERM: edge exit code " + exit + "; the hub held " + hubAfterSigterm + " of " + RECORDS
            + " records when the edge stopped");
        assertTrue(hubAfterSigterm > 0 && hubAfterSigterm < RECORDS,
            "SIGTERM came mid-push: the hub holds " + hubAfterSigterm + " of " + RECORDS);
      }

      try (ChildProcess edge = startEdge(config)) {
        String url = edge.await(Ops.EDGE_LISTENING, 60);
        JsonObject stopped = Http.as(null).get(url + "/api/sync/runs/" + firstRun).json();
        assertEquals("FAILED", stopped.getString("status"), "the stopped run was saved: " + stopped.encode());
        assertTrue(stopped.getJsonArray("hubs").getJsonObject(0).getJsonObject("error").getString("message")
            .contains("shutting down"), stopped.encode());

        // The start-up run resumes the push after the last acknowledged batch.
        Await.until(() -> pending(url) == 0 && lastRunStatus(url).equals("COMPLETE"), 60,
            "the start-up run to finish the push");
        assertEquals(0, pending(url));
      }

      assertEquals(RECORDS, Await.of(hub.store().head()), "one hub sequence number per record: none applied twice");
      Set<String> ids = new HashSet<>();
      Set<Long> versions = new HashSet<>();
      long cursor = 0;
      while (true) {
        PullPage page = Await.of(hub.store().pull("clinic-sig", Set.of("notes"), cursor, 10_000));
        for (StoredRecord r : page.records()) {
          assertTrue(ids.add(r.id()), "record " + r.id() + " served twice");
          versions.add(r.version());
        }
        cursor = page.cursorAfter();
        if (page.last()) {
          break;
        }
      }
      assertEquals(RECORDS, ids.size());
      assertEquals(RECORDS, versions.size());
      for (int i = 0; i < RECORDS; i++) {
        assertTrue(ids.contains(id(i)), "missing " + id(i));
      }
    } finally {
      Await.of(hub.stop());
    }
  }

  private static ChildProcess startEdge(Path config) {
    return ChildProcess.start(ChildProcess.edgeJar(), List.of("-Xmx256m"), Map.of(), "serve", "--config",
        config.toString());
  }

  private static String id(int i) {
    return String.format("n%06d", i);
  }

  private static void writeRecords(String url) {
    String pad = "x".repeat(120);
    for (int start = 0; start < RECORDS; start += CHUNK) {
      JsonArray items = new JsonArray();
      for (int i = start; i < start + CHUNK; i++) {
        items.add(new JsonObject().put("id", id(i)).put("data", new JsonObject().put("n", i).put("text", pad)));
      }
      Http.Answer a = Http.as(null).send("POST", url + "/api/records/notes", new JsonObject().put("items", items));
      assertEquals(200, a.status() / 100 * 100, a.body());
    }
  }

  private static JsonObject status(String url) {
    return Http.as(null).get(url + "/api/sync/status").json();
  }

  private static long pending(String url) {
    return status(url).getJsonObject("pending").getLong("central", -1L);
  }

  private static void waitIdle(String url) {
    Await.until(() -> "idle".equals(status(url).getString("state")), 30, "the start-up run to end");
  }

  private static String lastRunStatus(String url) {
    JsonObject last = status(url).getJsonObject("lastRun");
    return last == null ? "" : last.getString("status", "");
  }

  private static long pushDone(String url) {
    JsonObject run = status(url).getJsonObject("currentRun");
    if (run == null) {
      return 0;
    }
    for (Object s : run.getJsonArray("hubs").getJsonObject(0).getJsonArray("steps")) {
      JsonObject step = (JsonObject) s;
      if ("push".equals(step.getString("name"))) {
        return step.getLong("done", 0L);
      }
    }
    return 0;
  }
}
