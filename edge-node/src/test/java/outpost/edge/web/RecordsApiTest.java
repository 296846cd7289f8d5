package outpost.edge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;

/** The records API on a real node (real MVStore file, real HTTP server on port 0), without sync. */
class RecordsApiTest {
  @TempDir
  static Path dir;
  static EdgeNode node;
  static Http http;

  @BeforeAll
  static void start() {
    EdgeConfig config = EdgeConfig.fromJson(new JsonObject().put("site", "clinic-a")
        .put("data", dir.resolve("data").toString()).put("httpPort", 0).put("bodyLimitBytes", 64 * 1024)
        .put("maxBulkItems", 50)
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "127.0.0.1:1")
            .put("token", "t").put("collections", new JsonArray().add("patients").add("items").add("odd")
                .add("bulk").add("paged").add("bad").add("deep").add("metered"))).add(new JsonObject()
            .put("name", "other").put("address", "127.0.0.1:2").put("token", "t2").put("collections",
                new JsonArray().add("notes")))));
    node = new EdgeNode(config, null);
    node.start().await();
    http = new Http(node.url());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop().await();
    }
  }

  @Test
  void putAnswers201WhenCreatedAnd200WhenUpdated() {
    Http.Answer created = http.put("/api/records/patients/p1", "{\"name\":\"Ana\"}");
    assertEquals(201, created.status(), created.body());
    Http.Answer updated = http.put("/api/records/patients/p1", "{\"name\":\"Ana B\"}");
    assertEquals(200, updated.status(), updated.body());
    assertEquals("Ana B", updated.json().getJsonObject("data").getString("name"));
  }

  @Test
  void getAnswersTheRecordEnvelope() {
    http.put("/api/records/items/i1", "{\"sku\":\"X-1\",\"qty\":3}");
    Http.Answer got = http.get("/api/records/items/i1");
    assertEquals(200, got.status());
    JsonObject json = got.json();
    assertEquals("items", json.getString("collection"));
    assertEquals("i1", json.getString("id"));
    assertTrue(json.containsKey("site"));
    assertEquals(new JsonObject().put("sku", "X-1").put("qty", 3), json.getJsonObject("data"));
    assertEquals("pending", json.getJsonObject("sync").getString("state"));
    assertEquals(0L, json.getJsonObject("sync").getLong("version"));
    assertTrue(got.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }

  @Test
  void deletedRecordReads404() {
    http.put("/api/records/patients/gone", "{\"a\":1}");
    assertEquals(200, http.delete("/api/records/patients/gone").status());
    Http.Answer after = http.get("/api/records/patients/gone");
    assertEquals(404, after.status());
    assertEquals("NOT_FOUND", after.json().getString("error"));
    assertEquals(404, http.delete("/api/records/patients/gone").status(), "a second delete finds nothing");
    assertEquals(404, http.get("/api/records/patients/never").status());
  }

  @Test
  void listPagesWithNextUntilTheEnd() {
    for (int i = 0; i < 5; i++) {
      http.put("/api/records/paged/r" + i, "{\"n\":" + i + "}");
    }
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      Http.Answer page = http.get("/api/records/paged?limit=2" + (after == null ? "" : "&after=" + after));
      assertEquals(200, page.status(), page.body());
      page.json().getJsonArray("items").forEach(r -> seen.add(((JsonObject) r).getString("id")));
      after = page.json().getString("next");
      pages++;
    } while (after != null && pages < 10);
    assertEquals(List.of("r0", "r1", "r2", "r3", "r4"), seen);
    assertEquals(3, pages);
    assertEquals(400, http.get("/api/records/paged?limit=zero").status());
  }

  @Test
  void bulkWriteIsAllOrNothingAndNamesTheFirstBadItem() {
    JsonArray items = new JsonArray();
    for (int i = 0; i < 5; i++) {
      items.add(new JsonObject().put("id", i == 2 ? "" : "b" + i).put("data", new JsonObject().put("n", i)));
    }
    Http.Answer bad = http.post("/api/records/bulk", new JsonObject().put("items", items).encode());
    assertEquals(400, bad.status(), bad.body());
    assertTrue(bad.json().getString("message").contains("items[2]"), bad.body());
    assertEquals(0, http.get("/api/records/bulk").json().getJsonArray("items").size(), "nothing written");

    items.getJsonObject(2).put("id", "b2");
    Http.Answer ok = http.post("/api/records/bulk", new JsonObject().put("items", items).encode());
    assertEquals(200, ok.status(), ok.body());
    assertEquals(5, ok.json().getInteger("written"));
    assertEquals(5, http.get("/api/records/bulk").json().getJsonArray("items").size());

    JsonArray many = new JsonArray();
    for (int i = 0; i < 51; i++) {
      many.add(new JsonObject().put("id", "m" + i).put("data", new JsonObject()));
    }
    Http.Answer tooMany = http.post("/api/records/bulk", new JsonObject().put("items", many).encode());
    assertEquals(413, tooMany.status());
    assertEquals("PAYLOAD_TOO_LARGE", tooMany.json().getString("error"));
  }

  @Test
  void malformedOrNonObjectJsonIs400AndWritesNothing() {
    for (String body : List.of("{\"a\":", "[1,2]", "\"text\"", "{\"a\":1}}", "")) {
      Http.Answer a = http.put("/api/records/bad/x", body);
      assertEquals(400, a.status(), body + " -> " + a.body());
      assertEquals("BAD_REQUEST", a.json().getString("error"));
      assertTrue(a.json().containsKey("message"));
    }
    assertEquals(404, http.get("/api/records/bad/x").status());
  }

  @Test
  void invalidUtf8Is400() {
    byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    Http.Answer a = http.sendBytes("PUT", "/api/records/bad/utf", "application/json", body);
    assertEquals(400, a.status(), a.body());
    assertTrue(a.json().getString("message").contains("UTF-8"));
    assertEquals(404, http.get("/api/records/bad/utf").status());
  }

  @Test
  void bodyOverTheLimitIs413() {
    String big = "{\"blob\":\"" + "x".repeat(70 * 1024) + "\"}";
    Http.Answer a = http.put("/api/records/bad/big", big);
    assertEquals(413, a.status());
    assertEquals("PAYLOAD_TOO_LARGE", a.json().getString("error"));
    assertEquals(404, http.get("/api/records/bad/big").status());
  }

  @Test
  void nestingDeeperThan64LevelsIs400() {
    assertEquals(400, http.put("/api/records/deep/d65", nested(65)).status());
    assertEquals(404, http.get("/api/records/deep/d65").status());
    assertEquals(201, http.put("/api/records/deep/d64", nested(64)).status());
  }

  private static String nested(int levels) {
    return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
  }

  @Test
  void oddIdsAreRefusedOrStoredAndReadBackExactly() {
    List<String> ids = List.of("..", ".", "a\u0000b", "' OR 1=1 --", "x".repeat(300), "x".repeat(256),
        "ünï-cødé 😀", "semi;colon", "<script>alert(1)</script>", "%", "a+b");
    for (String id : ids) {
      String path = "/api/records/odd/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
      Http.Answer put = http.put(path, new JsonObject().put("id", id).encode());
      assertTrue(put.status() == 400 || put.status() == 201, id + " -> " + put.status() + " " + put.body());
      if (put.status() == 201) {
        Http.Answer got = http.get(path);
        assertEquals(200, got.status(), id);
        assertEquals(id, got.json().getString("id"));
        assertEquals(id, got.json().getJsonObject("data").getString("id"));
      } else {
        assertEquals("BAD_REQUEST", put.json().getString("error"), id);
      }
    }
    // Raw dot segments never reach the store as ids.
    for (String raw : List.of("/api/records/odd/..", "/api/records/odd/%2e%2e", "/api/records/odd/%00")) {
      Http.Answer a = http.put(raw, "{}");
      assertTrue(a.status() == 400 || a.status() == 404 || a.status() == 405, raw + " -> " + a.status());
      assertTrue(a.json().containsKey("error"), raw);
    }
  }

  @Test
  void unroutedCollectionIsRefusedAndNothingLogged() {
    Http.Answer a = http.put("/api/records/unrouted/u1", "{}");
    assertEquals(404, a.status());
    assertEquals("NOT_SUPPORTED", a.json().getString("error"));
    assertEquals(404, http.get("/api/records/unrouted/u1").status());
    assertEquals(201, http.put("/api/records/notes/n1", "{}").status(), "routed to the second hub");
  }

  @Test
  void unknownRouteIs404Json() {
    Http.Answer a = http.get("/api/nothing-here");
    assertEquals(404, a.status());
    assertEquals("NOT_FOUND", a.json().getString("error"));
  }

  @Test
  void nonJsonBodyIs415() {
    Http.Answer a = http.sendBytes("PUT", "/api/records/bad/t", "text/plain", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(415, a.status());
    assertEquals(404, http.get("/api/records/bad/t").status());
  }

  @Test
  void crossSitePostIsRefusedAndSameOriginAccepted() {
    String bulk = "{\"items\":[{\"id\":\"c1\",\"data\":{}}]}";
    Http.Answer foreign = http.send(http.request("/api/records/items").header("Content-Type", "application/json")
        .header("Origin", "http://evil.example").POST(java.net.http.HttpRequest.BodyPublishers.ofString(bulk))
        .build());
    assertEquals(403, foreign.status());
    assertEquals("cross-site request refused", foreign.json().getString("message"));
    Http.Answer fetchSite = http.send(http.request("/api/records/items/c2").header("Content-Type",
        "application/json").header("Sec-Fetch-Site", "cross-site")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
    assertEquals(403, fetchSite.status());
    assertEquals(404, http.get("/api/records/items/c1").status());

    Http.Answer same = http.send(http.request("/api/records/items").header("Content-Type", "application/json")
        .header("Origin", node.url()).header("Sec-Fetch-Site", "same-origin")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bulk)).build());
    assertEquals(200, same.status(), same.body());
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    for (Http.Answer a : List.of(http.get("/health"), http.get("/api/nothing"), http.put("/api/records/bad/h", "{"))) {
      assertEquals("nosniff", a.raw().headers().firstValue("X-Content-Type-Options").orElse(null));
      assertEquals("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
          a.raw().headers().firstValue("Content-Security-Policy").orElse(null));
      assertEquals("no-referrer", a.raw().headers().firstValue("Referrer-Policy").orElse(null));
    }
  }

  @Test
  void healthIsLiveAndReady() {
    Http.Answer a = http.get("/health");
    assertEquals(200, a.status());
    assertEquals(new JsonObject().put("live", true).put("ready", true), a.json());
  }

  @Test
  void metricsExposePendingChangesPerHub() {
    http.put("/api/records/metered/m1", "{\"v\":1}");
    Http.Answer a = http.get("/metrics");
    assertEquals(200, a.status());
    assertTrue(a.body().contains("outpost_edge_pending_changes{hub=\"central\"}"), a.body());
    assertTrue(a.body().contains("outpost_edge_pending_changes{hub=\"other\"}"), a.body());
    assertTrue(a.body().contains("outpost_edge_failed_items 0.0"), a.body());
    assertTrue(a.body().contains("outpost_edge_open_conflicts 0.0"), a.body());
  }

  @Test
  void syncRoutesAreAbsentWithoutAnEngine() {
    assertNull(node.sync());
    assertEquals(404, http.post("/api/sync", "").status());
  }
}
