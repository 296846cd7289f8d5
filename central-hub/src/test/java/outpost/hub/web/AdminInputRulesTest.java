package outpost.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import outpost.hub.ingest.HubOnStore;

/**
 * The hub's admin records API under the same grammar and id rules as the edge (docs/input.md), on both stores:
 * what no edge could hold is refused with a 400 naming the rule, and nothing is stored.
 */
class AdminInputRulesTest {
  @TempDir
  Path dir;
  HubOnStore stored;

  void start(String store) throws Exception {
    stored = HubOnStore.start(dir, store);
  }

  @AfterEach
  void stop() throws Exception {
    if (stored != null) {
      stored.close();
    }
  }

  AdminSocket.Answer send(String method, String path, String body) throws Exception {
    return AdminSocket.send(stored.hub.server.httpPort(), method, path,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  static void assertRefused(AdminSocket.Answer answer, String rule) {
    assertEquals(400, answer.status(), answer.body());
    JsonObject error = new JsonObject(answer.body());
    assertEquals("BAD_REQUEST", error.getString("error"), answer.body());
    assertTrue(error.getString("message").contains(rule), answer.body());
  }

  int listed(String collection) throws Exception {
    AdminSocket.Answer list = send("GET", "/api/records/" + collection, null);
    assertEquals(200, list.status(), list.body());
    return new JsonObject(list.body()).getJsonArray("items").size();
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void idsNoEdgeCanHoldAreRefusedBeforeAnythingIsStored(String store) throws Exception {
    start(store);
    for (String id : new String[] {"a%00b", "a%01b", "a%7Fb", "x".repeat(3000), "%ED%A0%80"}) {
      for (String method : new String[] {"PUT", "GET", "DELETE"}) {
        AdminSocket.Answer answer = send(method, "/api/records/notes/" + id, method.equals("PUT") ? "{\"a\":1}" : null);
        assertEquals(400, answer.status(), method + " " + id + ": " + answer.body());
        assertEquals("BAD_REQUEST", new JsonObject(answer.body()).getString("error"), answer.body());
      }
    }
    assertEquals(0, listed("notes"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void bodiesOutsideTheGrammarAreRefusedAndNothingIsStored(String store) throws Exception {
    start(store);
    String levels = "[".repeat(999) + "]".repeat(999);
    assertRefused(send("PUT", "/api/records/notes/deep", "{\"a\":" + levels + "}"), "nested deeper than 64 levels");
    assertRefused(send("PUT", "/api/records/notes/deep", "{\"a\":/*\"*/" + levels + "/*\"*/}"),
        "comments are not allowed");
    assertRefused(send("PUT", "/api/records/notes/dup", "{\"a\":1,\"a\":2}"), "duplicate key 'a'");
    assertRefused(send("PUT", "/api/records/notes/sur", "{\"a\":\"\\udfff\"}"), "lone surrogate");
    assertRefused(send("PUT", "/api/records/notes/empty", ""), "JSON");
    assertRefused(send("PUT", "/api/records/notes/none", null), "JSON");
    assertRefused(send("POST", "/api/sites", "{\"id\":\"s\",\"id\":\"t\"}"), "duplicate key 'id'");
    assertEquals(0, listed("notes"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void aBadPercentEscapeInThePathIsA400(String store) throws Exception {
    start(store);
    for (String path : new String[] {"/api/records/a%zz", "/api/records/notes/a%zz", "/api/records/notes/%zz",
        "/api/records/notes/%", "/api/records/notes?after=%zz"}) {
      for (String method : new String[] {"GET", "PUT", "DELETE"}) {
        AdminSocket.Answer answer = send(method, path, method.equals("PUT") ? "{}" : null);
        assertEquals(400, answer.status(), method + " " + path + ": " + answer.body());
        assertEquals("BAD_REQUEST", new JsonObject(answer.body()).getString("error"), answer.body());
      }
    }
    for (String request : new String[] {"GET /api/sync/runs?q=%zz", "GET /api/sync/runs?site=%00",
        "POST /api/sites/a%00/disable", "POST /api/sites/%zz/disable", "GET /%zz"}) {
      String[] parts = request.split(" ");
      AdminSocket.Answer answer = send(parts[0], parts[1], parts[0].equals("POST") ? "{}" : null);
      assertEquals(400, answer.status(), request + ": " + answer.body());
      assertEquals("BAD_REQUEST", new JsonObject(answer.body()).getString("error"), answer.body());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void numbersSurviveAWriteAndAReadExactly(String store) throws Exception {
    start(store);
    AdminSocket.Answer written = send("PUT", "/api/records/notes/n",
        "{\"big\":1e400,\"int\":123456789012345678901234567890,\"frac\":0.1000000000000000000001}");
    assertEquals(201, written.status(), written.body());
    AdminSocket.Answer read = send("GET", "/api/records/notes/n", null);
    assertFalse(read.body().contains("Infinity"), read.body());
    JsonObject data = new JsonObject(read.body()).getJsonObject("data");
    Map<String, String> sent = Map.of("big", "1e400", "int", "123456789012345678901234567890",
        "frac", "0.1000000000000000000001");
    sent.forEach((field, value) -> assertEquals(0, new BigDecimal(value).compareTo(
        new BigDecimal(data.getValue(field).toString())), field + " in " + read.body()));
  }
}
