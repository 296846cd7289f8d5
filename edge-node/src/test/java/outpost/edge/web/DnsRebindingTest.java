package outpost.edge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;
import outpost.edge.sync.EngineFactory;

/**
 * A page on evil.example whose name the attacker re-points at 127.0.0.1 reaches the edge with
 * {@code Host: evil.example:PORT} and a matching Origin: the same-origin check alone lets it through, so the
 * node must answer only for its own names.
 */
class DnsRebindingTest {
  @TempDir
  Path dir;
  EdgeNode node;
  CountingSync sync;

  private int start(JsonObject extra) {
    JsonObject json = new JsonObject().put("site", "clinic-a").put("data", dir.toString()).put("httpPort", 0)
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "127.0.0.1:1")
            .put("token", "t")))
        .mergeIn(extra);
    node = new EdgeNode(EdgeConfig.fromJson(json), n -> sync = new CountingSync(EngineFactory.create(n)));
    node.start().await();
    return node.httpPort();
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop().await();
    }
  }

  @Test
  void aRebindingPageCanNeitherReadNorWriteNorDeleteNorSync() {
    int port = start(new JsonObject());
    Http http = new Http(node.url());
    assertEquals(201, http.put("/api/records/notes/n1", "{\"text\":\"kept\"}").status());
    int startsBefore = sync.starts.get();

    List<String[]> requests = List.of(new String[] {"GET", "/api/records/notes/n1", null},
        new String[] {"GET", "/api/records/notes", null},
        new String[] {"PUT", "/api/records/notes/n2", "{\"text\":\"planted\"}"},
        new String[] {"DELETE", "/api/records/notes/n1", null},
        new String[] {"POST", "/api/sync", null},
        new String[] {"GET", "/api/sync/events", null},
        new String[] {"GET", "/", null},
        new String[] {"GET", "/metrics", null});
    for (String[] r : requests) {
      RawHttp.Answer a = RawHttp.fromSite(port, r[0], r[1], "evil.example", r[2]);
      String what = r[0] + " " + r[1];
      assertEquals(403, a.status(), what + ": " + a.body());
      assertEquals("PERMISSION_DENIED", a.json().getString("error"), what);
      assertEquals("host 'evil.example' is not one of this node's names; add it to allowedHosts",
          a.json().getString("message"), what);
      assertEquals("nosniff", a.header("X-Content-Type-Options"), what);
    }

    assertEquals("kept", http.get("/api/records/notes/n1").json().getJsonObject("data").getString("text"));
    assertEquals(404, http.get("/api/records/notes/n2").status());
    assertEquals(startsBefore, sync.starts.get(), "a refused POST /api/sync started a run");
  }

  @Test
  void aRequestWithoutAHostHeaderIsRefused() {
    int port = start(new JsonObject());
    RawHttp.Answer a = RawHttp.send(port, "GET /api/records/notes HTTP/1.1", "", null);
    assertEquals(400, a.status(), a.body());
    assertEquals("BAD_REQUEST", a.json().getString("error"));
  }

  @Test
  void loopbackNamesAreAcceptedWithAnyPortSpelling() {
    int port = start(new JsonObject());
    for (String host : List.of("localhost", "LOCALHOST", "127.0.0.1", "127.9.8.7", "[::1]")) {
      RawHttp.Answer put = RawHttp.fromSite(port, "PUT", "/api/records/notes/" + host.replaceAll("\\W", ""), host,
          "{\"from\":\"" + host + "\"}");
      assertEquals(201, put.status(), host + ": " + put.body());
      RawHttp.Answer bare = RawHttp.send(port, "GET /health HTTP/1.1", "Host: " + host, null);
      assertEquals(200, bare.status(), host + " without a port: " + bare.body());
    }
  }

  @Test
  void aConfiguredNameIsAcceptedAndOthersStillRefused() {
    int port = start(new JsonObject().put("allowedHosts", new JsonArray().add("clinic-a.local")));
    RawHttp.Answer put = RawHttp.fromSite(port, "PUT", "/api/records/notes/n3", "clinic-a.local", "{\"a\":1}");
    assertEquals(201, put.status(), put.body());
    assertEquals(200, RawHttp.fromSite(port, "GET", "/api/records/notes/n3", "Clinic-A.Local", null).status());
    assertEquals(403, RawHttp.fromSite(port, "GET", "/api/records/notes/n3", "clinic-b.local", null).status());
    assertEquals(403, RawHttp.fromSite(port, "GET", "/api/records/notes/n3", "clinic-a.local.evil.example",
        null).status());
  }

  @Test
  void anAllowedHostStillCannotBeUsedFromAnotherSitesPage() {
    int port = start(new JsonObject());
    RawHttp.Answer a = RawHttp.send(port, "PUT /api/records/notes/n4 HTTP/1.1",
        "Host: 127.0.0.1:" + port + "\nOrigin: http://evil.example:" + port, "{}");
    assertEquals(403, a.status(), a.body());
    assertEquals("cross-site request refused", a.json().getString("message"));
  }

  @Test
  void retryFailedForAnUnknownRunIsNotFoundAndStartsNothing() {
    start(new JsonObject());
    Http http = new Http(node.url());
    int startsBefore = sync.starts.get();
    Http.Answer a = http.post("/api/sync/runs/no-such-run/retry-failed", "");
    assertEquals(404, a.status(), a.body());
    assertEquals("NOT_FOUND", a.json().getString("error"));
    assertTrue(a.json().getString("message").contains("no-such-run"), a.body());
    assertEquals(startsBefore, sync.starts.get(), "retry-failed for an unknown run started a sync");

    String known = http.post("/api/sync", "").json().getString("syncId");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (http.get("/api/sync/runs/" + known).status() != 200 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    Http.Answer retried = http.post("/api/sync/runs/" + known + "/retry-failed", "");
    assertEquals(202, retried.status(), retried.body());
  }
}
