package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No "busy forever": an edge whose link to the hub goes silent (the proxy stops forwarding, the TCP
 * connection stays open) fails the step it is in with TIMEOUT after its idle time (edge.json
 * {@code "idleTimeout": "PT8S"}), is idle again, and its next run proceeds once the link flows.
 * Real jars; the stall lands before the hello, mid-push or mid-pull.
 */
class IdleTimeoutIT {
  static final int RECORDS = 2_000;
  /**
   * Short, so that the test is quick, but longer than the machine's own stalls: at 3 s the run after the stall
   * failed in both full builds of a slow day (no traffic for 3 s during its push; its connection not ready within
   * 3 s), likely while the earlier modules' files were still being written back to a slow disk, and passed in
   * every run of this class alone (8 runs, 2 of them under CPU load) and of the system tests alone.
   */
  static final long IDLE_SECONDS = 8;

  @TempDir
  static Path tmp;
  static HubProcess hub;

  @BeforeAll
  static void startHubWithData() {
    hub = new HubProcess(tmp.resolve("hub"), List.of("--data", tmp.resolve("hub-data").toString()), new JsonObject());
    int port = hub.start();
    // A seeding edge gives the hub records for the others to pull.
    try (EdgeProcess seeder = edge("seeder", "127.0.0.1:" + port)) {
      seeder.start();
      awaitIdle(seeder); // a sync request during the start-up run would join it, and it may predate the writes
      bulk(seeder, "seed");
      JsonObject run = seeder.sync(60);
      assertNotNull(run);
      assertEquals("COMPLETE", run.getString("status"), Cluster.summary(run));
      assertEquals(0L, seeder.status().getJsonObject("pending").getLong("central"));
    }
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  private static EdgeProcess edge(String site, String address) {
    JsonObject hubEntry = new JsonObject().put("name", "central").put("address", address)
        .put("token", hub.addSite(site));
    // Only manual runs here: no timers that could start a run behind the test's back.
    JsonObject extra = new JsonObject().put("idleTimeout", "PT" + IDLE_SECONDS + "S").put("schedule", new JsonObject()
        .put("intervalMinutes", 1440).put("debounceSeconds", 3600).put("backoffInitialSeconds", 3600)
        .put("backoffMaxSeconds", 3600));
    return new EdgeProcess(tmp.resolve(site), site, hubEntry, extra);
  }

  private static void bulk(EdgeProcess e, String prefix) {
    for (int part = 0; part < RECORDS / 500; part++) {
      JsonArray items = new JsonArray();
      for (int i = 0; i < 500; i++) {
        items.add(new JsonObject().put("id", prefix + "-" + part + "-" + i)
            .put("data", new JsonObject().put("text", "x".repeat(300)).put("i", i)));
      }
      Rest.Answer a = e.rest().post(e.url() + "/api/records/notes", new JsonObject().put("items", items));
      assertEquals(200, a.status(), a.body());
    }
  }

  @Test
  void linkSilentBeforeTheHelloFailsWithTimeoutAndTheNextRunCompletes() {
    check("before-hello", proxy -> proxy.stall(true), "push");
  }

  @Test
  void linkSilentMidPushFailsThePushWithTimeoutAndTheNextRunCompletes() {
    check("mid-push", proxy -> proxy.stallAfter(true, 64 * 1024), "push");
  }

  /** The edge's start-up run is the one that stalls: it pulls the hub's records into an empty edge. */
  @Test
  void linkSilentMidPullFailsThePullWithTimeoutAndTheNextRunCompletes() {
    try (LinkProxy proxy = new LinkProxy(hub.grpcPort()); EdgeProcess e = edge("mid-pull", proxy.address())) {
      proxy.stallAfter(false, 64 * 1024);
      long started = System.nanoTime();
      e.start();
      awaitIdle(e);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      // The start-up run itself (its retries, if one started already, carry the trigger retry).
      JsonObject run = e.rest().get(e.url() + "/api/sync/runs?limit=100").json().getJsonArray("items").stream()
          .map(JsonObject.class::cast).filter(r -> "startup".equals(r.getString("trigger"))).findFirst().orElseThrow();
      failedWithTimeout(run, "pull", seconds);
      recovers(proxy, e);
    }
  }

  private void check(String site, java.util.function.Consumer<LinkProxy> stall, String failedStep) {
    try (LinkProxy proxy = new LinkProxy(hub.grpcPort()); EdgeProcess e = edge(site, proxy.address())) {
      e.start();
      awaitIdle(e);
      bulk(e, site);
      stall.accept(proxy);
      long started = System.nanoTime();
      JsonObject run = e.sync(120);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      assertNotNull(run, "the run ended");
      failedWithTimeout(run, failedStep, seconds);
      awaitIdle(e);
      recovers(proxy, e);
    }
  }

  private static void failedWithTimeout(JsonObject run, String failedStep, long seconds) {
    JsonObject hubRun = run.getJsonArray("hubs").getJsonObject(0);
    assertEquals("FAILED", run.getString("status"), Cluster.summary(run));
    assertEquals("TIMEOUT", hubRun.getJsonObject("error").getString("code"), Cluster.summary(run));
    JsonObject step = step(hubRun, failedStep);
    assertEquals("FAILED", step.getString("state"), hubRun.encode());
    assertTrue(seconds < 30, "the run failed after " + seconds + " s, not about " + IDLE_SECONDS + " s");
  }

  /** Once the link flows again the next run completes: nothing pending, the hub's records all here. */
  private static void recovers(LinkProxy proxy, EdgeProcess e) {
    java.time.Instant lifted = java.time.Instant.now();
    proxy.stall(false);
    JsonObject next = e.sync(120);
    // Sync now joins a run that is going: an automatic retry that started while the link was still silent
    // ends as the stall made it, so the run that shows recovery is the first one started after the link flows.
    for (int i = 0; i < 3 && next != null && java.time.Instant.parse(next.getString("startedAt")).isBefore(lifted);
        i++) {
      next = e.sync(120);
    }
    assertNotNull(next);
    assertEquals("COMPLETE", next.getString("status"), Cluster.summary(next));
    assertEquals(0L, e.status().getJsonObject("pending").getLong("central"));
    long seeded = 0;
    String after = "";
    do {
      JsonObject page = e.rest().get(e.url() + "/api/records/notes?limit=1000&after=" + after).json();
      seeded += page.getJsonArray("items").stream().filter(o -> ((JsonObject) o).getString("id").startsWith("seed-"))
          .count();
      after = page.getString("next");
    } while (after != null);
    assertEquals(RECORDS, seeded, "every seeded record arrived after the stall");
  }

  private static JsonObject step(JsonObject hubRun, String name) {
    for (Object s : hubRun.getJsonArray("steps")) {
      if (name.equals(((JsonObject) s).getString("name"))) {
        return (JsonObject) s;
      }
    }
    throw new AssertionError("no step " + name + " in " + hubRun.encode());
  }

  /** Waits until the edge reports no running run (the status is never stuck on "running"). */
  private static JsonObject awaitIdle(EdgeProcess e) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      JsonObject status = e.status();
      if (status != null && "idle".equals(status.getString("state"))) {
        return status;
      }
      Cluster.pause(100);
    }
    throw new AssertionError("the edge stayed busy: " + e.status());
  }
}
