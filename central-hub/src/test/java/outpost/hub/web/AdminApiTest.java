package outpost.hub.web;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.ManagedChannel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import outpost.hub.ingest.TestHub;
import outpost.hub.ingest.TestHubCase;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.RecordState;

class AdminApiTest extends TestHubCase {
  final HttpClient http = HttpClient.newHttpClient();

  @Override
  protected JsonObject config() {
    return new JsonObject().put("bodyLimit", 4096);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(hub.baseUrl() + path));
  }

  @Test
  void everyApiCallNeedsTheAdminTokenButHealthDoesNot() throws Exception {
    for (String path : List.of("/api/sites", "/api/conflicts", "/api/sync/runs", "/metrics")) {
      HttpResponse<String> r = send(request(path).GET());
      assertEquals(401, r.statusCode(), path);
      assertEquals("AUTH_ERROR", new JsonObject(r.body()).getString("error"));
    }
    HttpResponse<String> wrong = send(request("/api/sites").header("Authorization", "Bearer nope").GET());
    assertEquals(401, wrong.statusCode());
    HttpResponse<String> health = send(request("/health").GET());
    assertEquals(200, health.statusCode());
    assertEquals(new JsonObject().put("live", true).put("ready", true), new JsonObject(health.body()));
  }

  @Test
  void siteAddShowsTheTokenOnceAndTheListNeverShowsIt() throws Exception {
    HttpResponse<String> added = hub.admin("POST", "/api/sites", new JsonObject().put("id", "clinic-a").encode());
    assertEquals(201, added.statusCode());
    String token = new JsonObject(added.body()).getString("token");
    assertTrue(token.length() >= 40);
    String list = hub.admin("GET", "/api/sites", null).body();
    JsonArray items = new JsonObject(list).getJsonArray("items");
    assertEquals("clinic-a", items.getJsonObject(0).getString("id"));
    assertEquals(false, items.getJsonObject(0).getBoolean("disabled"));
    assertEquals(0, items.getJsonObject(0).getInteger("pendingConflicts"));
    assertFalse(list.contains(token), "the token is never listed");
    assertFalse(list.contains("$2"), "nor its hash");
    assertEquals(409, hub.admin("POST", "/api/sites", new JsonObject().put("id", "clinic-a").encode()).statusCode());
    HttpResponse<String> badId = hub.admin("POST", "/api/sites", new JsonObject().put("id", "a b/c").encode());
    assertEquals(400, badId.statusCode());
    assertEquals("BAD_REQUEST", new JsonObject(badId.body()).getString("error"));
    assertEquals(404, hub.admin("POST", "/api/sites/ghost/disable", null).statusCode());
  }

  @Test
  void aHubWriteAppearsInTheNextPull() throws Exception {
    String token = hub.addSite("clinic-a");
    HttpResponse<String> put = hub.admin("PUT", "/api/records/items/i1",
        new JsonObject().put("name", "bandage").put("stock", 5).encode());
    assertEquals(201, put.statusCode(), put.body());
    assertEquals(1, new JsonObject(put.body()).getLong("version"));
    HttpResponse<String> update = hub.admin("PUT", "/api/records/items/i1", new JsonObject().put("name", "gauze").encode());
    assertEquals(200, update.statusCode());
    JsonObject got = new JsonObject(hub.admin("GET", "/api/records/items/i1", null).body());
    assertEquals(new JsonObject().put("name", "gauze"), got.getJsonObject("data"), "a removed field is removed");
    assertEquals(201, hub.admin("PUT", "/api/records/patients/p9?site=clinic-a",
        new JsonObject().put("name", "Ada").encode()).statusCode());

    ManagedChannel ch = hub.channel();
    try {
      List<PullBatch> batches = new ArrayList<>();
      TestHub.blocking(ch, TestHub.credentials("clinic-a", token, 1)).pull(PullRequest.getDefaultInstance())
          .forEachRemaining(batches::add);
      List<RecordState> records = batches.get(0).getRecordsList();
      assertEquals(List.of("i1", "p9"), records.stream().map(RecordState::getId).toList());
      assertEquals("gauze", new JsonObject(records.get(0).getData().toStringUtf8()).getString("name"));
      assertEquals("", records.get(0).getOriginSite());
      assertEquals("clinic-a", records.get(1).getOwner());
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    assertEquals(200, hub.admin("DELETE", "/api/records/items/i1", null).statusCode());
    assertEquals(404, hub.admin("GET", "/api/records/items/i1", null).statusCode());
    HttpResponse<String> unknown = hub.admin("GET", "/api/records/nope/x", null);
    assertEquals(404, unknown.statusCode());
    assertEquals("NOT_SUPPORTED", new JsonObject(unknown.body()).getString("error"));
    assertEquals(400, hub.admin("PUT", "/api/records/patients/p10", "{}").statusCode(), "site-scoped needs ?site=");
  }

  @Test
  void crossOriginWritesAreRefused() throws Exception {
    String body = new JsonObject().put("id", "clinic-x").encode();
    HttpRequest.Builder base = request("/api/sites").header("Authorization", "Bearer " + TestHub.ADMIN_TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> evil = send(base.copy().header("Origin", "http://evil.example"));
    assertEquals(403, evil.statusCode());
    assertEquals("PERMISSION_DENIED", new JsonObject(evil.body()).getString("error"));
    assertEquals(403, send(base.copy().header("Sec-Fetch-Site", "cross-site")).statusCode());
    HttpResponse<String> form = send(request("/api/sites").header("Authorization", "Bearer " + TestHub.ADMIN_TOKEN)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(415, form.statusCode());
    assertEquals(201, send(base.copy().header("Origin", hub.baseUrl())).statusCode(), "same origin is fine");
    assertEquals(1, new JsonObject(hub.admin("GET", "/api/sites", null).body()).getJsonArray("items").size());
  }

  @Test
  void malformedJsonIs400AndAnOversizedBodyIs413() throws Exception {
    HttpResponse<String> malformed = hub.admin("PUT", "/api/records/notes/n1", "{\"a\": ");
    assertEquals(400, malformed.statusCode());
    assertEquals("BAD_REQUEST", new JsonObject(malformed.body()).getString("error"));
    assertEquals(400, hub.admin("PUT", "/api/records/notes/n1", "[1,2]").statusCode());
    HttpResponse<String> big = hub.admin("PUT", "/api/records/notes/n1",
        new JsonObject().put("text", "x".repeat(10_000)).encode());
    assertEquals(413, big.statusCode());
    assertEquals("PAYLOAD_TOO_LARGE", new JsonObject(big.body()).getString("error"));
    assertEquals(404, hub.admin("GET", "/api/records/notes/n1", null).statusCode(), "nothing was written");
  }

  @Test
  void anOpenConflictIsListedAndResolvedOnce() throws Exception {
    String tokenA = hub.addSite("clinic-a");
    String tokenB = hub.addSite("clinic-b");
    ManagedChannel ch = hub.channel();
    try {
      outpost.hub.ingest.PushClientAccess.push(TestHub.async(ch, "clinic-a", tokenA), 1, "n1",
          new JsonObject().put("text", "from a"));
      var results = outpost.hub.ingest.PushClientAccess.push(TestHub.async(ch, "clinic-b", tokenB), 1, "n1",
          new JsonObject().put("text", "from b"));
      assertEquals("CONFLICT", results);
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    JsonArray open = new JsonObject(hub.admin("GET", "/api/conflicts", null).body()).getJsonArray("items");
    assertEquals(1, open.size());
    assertEquals("clinic-b", open.getJsonObject(0).getString("site"));
    assertEquals(new JsonArray().add("text"), open.getJsonObject(0).getJsonArray("fields"));
    HttpResponse<String> resolved = hub.admin("POST", "/api/conflicts/notes/n1/resolve",
        new JsonObject().put("keep", "local").put("site", "clinic-b").encode());
    assertEquals(200, resolved.statusCode(), resolved.body());
    assertEquals("from b", new JsonObject(resolved.body()).getJsonObject("data").getString("text"));
    assertEquals(0, new JsonObject(hub.admin("GET", "/api/conflicts", null).body()).getJsonArray("items").size());
    assertEquals(409, hub.admin("POST", "/api/conflicts/notes/n1/resolve",
        new JsonObject().put("keep", "hub").encode()).statusCode());
    String metrics = hub.admin("GET", "/metrics", null).body();
    assertTrue(metrics.contains("outpost_hub_conflicts_opened_total 1.0"), metrics);
    assertTrue(metrics.contains("outpost_hub_changes_ingested_total{result=\"APPLIED\"} 1.0"), metrics);
    assertTrue(metrics.contains("outpost_hub_store_latency_seconds_count"), metrics);
  }

  @Test
  void conflictsAndMetricsAnswer() throws Exception {
    assertEquals(new JsonArray(), new JsonObject(hub.admin("GET", "/api/conflicts", null).body()).getJsonArray("items"));
    HttpResponse<String> resolve = hub.admin("POST", "/api/conflicts/notes/n1/resolve",
        new JsonObject().put("keep", "hub").encode());
    assertEquals(409, resolve.statusCode());
    assertEquals("ALREADY_RESOLVED", new JsonObject(resolve.body()).getString("error"));
    assertEquals(400, hub.admin("POST", "/api/conflicts/notes/n1/resolve",
        new JsonObject().put("keep", "both").encode()).statusCode());
    hub.addSite("clinic-a");
    String metrics = hub.admin("GET", "/metrics", null).body();
    assertTrue(metrics.contains("outpost_hub_sites_known 1.0"), metrics);
    assertTrue(metrics.contains("outpost_hub_sites_connected 0.0"));
    assertTrue(metrics.contains("outpost_hub_changes_served_total 0.0"));
    assertTrue(metrics.contains("outpost_hub_conflicts_opened_total 0.0"));
  }
}
