package outpost.edge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;

/** The edge's records API on a real node under the one input grammar (docs/input.md). */
class StrictInputApiTest {
  @TempDir
  static Path dir;
  static EdgeNode node;
  static int port;

  @BeforeAll
  static void start() {
    EdgeConfig config = EdgeConfig.fromJson(new JsonObject().put("site", "clinic-a")
        .put("data", dir.resolve("data").toString()).put("httpPort", 0)
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "127.0.0.1:1")
            .put("token", "t"))));
    node = new EdgeNode(config, null);
    node.start().await();
    port = java.net.URI.create(node.url()).getPort();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop().await();
    }
  }

  static RawHttp.Answer put(String path, String body) {
    return RawHttp.request(port, HttpMethod.PUT, path, body.getBytes(StandardCharsets.UTF_8));
  }

  static void assertRefused(RawHttp.Answer answer, String rule) {
    assertEquals(400, answer.status(), answer.body());
    JsonObject error = new JsonObject(answer.body());
    assertEquals("BAD_REQUEST", error.getString("error"));
    assertTrue(error.getString("message").contains(rule), answer.body());
  }

  static int listed(String collection) {
    RawHttp.Answer list = RawHttp.request(port, HttpMethod.GET, "/api/records/" + collection, null);
    assertEquals(200, list.status(), list.body());
    return new JsonObject(list.body()).getJsonArray("items").size();
  }

  @Test
  void aRequestLineOverTheServersLimitIsRefusedWithACodeAndNothingIsStored() {
    String id = "x".repeat(5000);
    RawHttp.Answer answer = RawHttp.request(port, HttpMethod.PUT, "/api/records/notes/" + id,
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertEquals(414, answer.status(), answer.body());
    assertEquals("BAD_REQUEST", answer.json().getString("error"));
    assertTrue(answer.json().getString("message").contains("request line"), answer.body());
    assertEquals(404, RawHttp.request(port, HttpMethod.GET, "/api/records/notes/" + id.substring(0, 100), null)
        .status());
  }

  @Test
  void depthHiddenBetweenCommentsIsRefusedAndNothingIsStored() {
    String levels = "[".repeat(999) + "]".repeat(999);
    assertRefused(put("/api/records/notes/x", "{\"a\":/*\"*/" + levels + "/*\"*/}"), "comments are not allowed");
    assertRefused(put("/api/records/notes/x", "{\"a\":" + levels + "}"), "nested deeper than 64 levels");
    assertEquals(404, RawHttp.request(port, HttpMethod.GET, "/api/records/notes/x", null).status());
    assertEquals(0, listed("notes"));
    assertEquals(0, node.store().pending("central"), "nothing waits to be pushed");
  }

  @Test
  void numbersSurviveAWriteAndAReadExactly() {
    RawHttp.Answer written = put("/api/records/numbers/n1",
        "{\"big\":1e400,\"int\":123456789012345678901234567890,\"frac\":0.1000000000000000000001}");
    assertEquals(201, written.status(), written.body());
    RawHttp.Answer read = RawHttp.request(port, HttpMethod.GET, "/api/records/numbers/n1", null);
    assertFalse(read.body().contains("Infinity"), read.body());
    JsonObject data = new JsonObject(read.body()).getJsonObject("data");
    assertEquals(0, new BigDecimal("1e400").compareTo(new BigDecimal(data.getValue("big").toString())), read.body());
    assertEquals("123456789012345678901234567890", data.getValue("int").toString());
    assertEquals(0, new BigDecimal("0.1000000000000000000001").compareTo(new BigDecimal(data.getValue("frac")
        .toString())), read.body());
  }

  @Test
  void eachBrokenRuleIsA400NamingItAndNothingIsStored() {
    assertRefused(put("/api/records/rules/r", "{\"a\":1,\"a\":2}"), "duplicate key 'a'");
    assertRefused(put("/api/records/rules/r", "{\"a\":\"\\ud800\"}"), "lone surrogate");
    assertRefused(put("/api/records/rules/r", "{\"a\":1} trailing"), "characters after the JSON value");
    assertRefused(put("/api/records/rules/r", "{\"a\":NaN}"), "NaN and Infinity");
    assertRefused(put("/api/records/rules/r", "{\"a\":007}"), "leading zeros");
    assertRefused(put("/api/records/rules/r", "{'a':1}"), "double quotes");
    assertRefused(RawHttp.request(port, HttpMethod.PUT, "/api/records/rules/r", new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1',
        '}'}), "not valid UTF-8");
    assertRefused(RawHttp.request(port, HttpMethod.POST, "/api/records/rules", "{\"items\":[{\"id\":\"a\",\"data\":{\"k\":1,\"k\":1}}]}"
        .getBytes(StandardCharsets.UTF_8)), "duplicate key 'k'");
    assertEquals(0, listed("rules"));
  }

  @Test
  void aBadPercentEscapeInThePathIsA400() {
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.DELETE, HttpMethod.PUT, HttpMethod.POST}) {
      for (String path : new String[] {"/api/records/a%zz", "/api/records/notes/a%zz", "/api/records/notes/%",
          "/api/records/notes/a%4", "/api/records/notes?after=%zz", "/api/records/notes?limit=%"}) {
        assertBadRequest(method, path);
      }
    }
    for (String path : new String[] {"/api/conflicts/%zz/x/resolve", "/api/failed/%zz/discard",
        "/api/sync/runs/%zz/retry-failed"}) {
      assertBadRequest(HttpMethod.POST, path);
    }
    for (String path : new String[] {"/%zz", "/view/%zz", "/api/sync/runs/%zz", "/api/failed?x=%zz"}) {
      assertBadRequest(HttpMethod.GET, path);
    }
  }

  static void assertBadRequest(HttpMethod method, String path) {
    RawHttp.Answer answer = RawHttp.request(port, method, path, method == HttpMethod.GET || method == HttpMethod.DELETE
        ? null : "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, answer.status(), method + " " + path + ": " + answer.body());
    assertEquals("BAD_REQUEST", new JsonObject(answer.body()).getString("error"));
  }
}
