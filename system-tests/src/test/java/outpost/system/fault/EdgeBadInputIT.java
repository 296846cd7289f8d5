package outpost.system.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.fixture.Http;

/**
 * Hostile REST input against the real edge jar (edge-node's RecordsApiTest covers the rules in process;
 * this checks the shipped node with its default limits, and adds what it lacks: bodies far past the
 * limit and sent chunked, nesting deep enough to break a recursive parser, overlong and surrogate UTF-8,
 * mutated JSON, ids with path tricks, SQL and huge lengths, collection names that are not names).
 * Every refusal is a 4xx with {error, message}; afterwards exactly the accepted writes are in the log.
 */
class EdgeBadInputIT {
  @TempDir
  static Path tmp;
  static EdgeProcess edge;
  static int accepted;

  @BeforeAll
  static void start() {
    // No hub runs: writes stay in the log, which is what this test counts.
    JsonObject hub = new JsonObject().put("name", "central").put("address", "127.0.0.1:9").put("token", "unused")
        .put("collections", new JsonArray().add("notes").add("patients"));
    edge = new EdgeProcess(tmp.resolve("edge"), "clinic-a", hub, new JsonObject());
    edge.start();
  }

  @AfterAll
  static void onlyTheAcceptedWritesAreLoggedThenStop() {
    try {
      JsonObject status = edge.status();
      assertEquals(accepted, status.getJsonObject("pending").getLong("central").intValue(),
          "the log holds exactly the writes that were answered 201");
    } finally {
      edge.close();
    }
  }

  private static Http.Answer put(String collection, String rawId, byte[] body) {
    return edge.rest().raw("PUT", edge.url() + "/api/records/" + collection + "/" + rawId, "application/json", body);
  }

  private static void refused(Http.Answer a, String what) {
    assertTrue(a.status() >= 400 && a.status() < 500, what + " -> " + a.status() + " " + a.body());
    JsonObject body = a.json();
    assertTrue(body.containsKey("error") && body.containsKey("message"), what + " -> " + a.body());
  }

  private static void absent(String collection, String rawId) {
    assertEquals(404, edge.rest().get(edge.url() + "/api/records/" + collection + "/" + rawId).status(), rawId);
  }

  @Test
  void bodiesPastTheDefaultLimitAre413EvenWhenChunked() {
    byte[] big = ("{\"blob\":\"" + "x".repeat(3 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
    refused(put("notes", "big", big), "3 MB body");
    Http.Answer chunked = edge.rest().chunked("PUT", edge.url() + "/api/records/notes/big-chunked", big);
    refused(chunked, "3 MB chunked body");
    assertEquals(413, chunked.status());
    absent("notes", "big");
    absent("notes", "big-chunked");
  }

  @Test
  void nestingDeepEnoughToBreakARecursiveParserIs400() {
    for (int depth : List.of(65, 10_000, 200_000)) {
      String deep = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
      refused(put("notes", "deep" + depth, deep.getBytes(StandardCharsets.UTF_8)), "depth " + depth);
      String arrays = "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
      refused(put("notes", "deep-array" + depth, arrays.getBytes(StandardCharsets.UTF_8)), "array depth " + depth);
      absent("notes", "deep" + depth);
    }
  }

  @Test
  void invalidUtf8IsRefusedWhereverItIs() {
    List<byte[]> bodies = List.of(
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, // overlong '/'
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // a lone surrogate
        new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}, // in a key
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'}); // truncated sequence
    for (int i = 0; i < bodies.size(); i++) {
      refused(put("notes", "utf" + i, bodies.get(i)), "invalid UTF-8 #" + i);
      absent("notes", "utf" + i);
    }
  }

  @Test
  void mutatedJsonIsEither400OrStoredExactlyAsSent() {
    long seed = Long.getLong("outpost.seed", System.nanoTime());
    Random random = new Random(seed);
    byte[] valid = new JsonObject().put("name", "Ana").put("n", 12).put("tags", new JsonArray().add("a").add(true))
        .put("nested", new JsonObject().put("x", (Object) null)).encode().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 200; i++) {
      byte[] body = HubFuzzIT.mutate(random, valid);
      String id = "mutated-" + i;
      Http.Answer a = put("notes", id, body);
      if (a.status() == 201) {
        accepted++;
        JsonObject sent = new JsonObject(new String(body, StandardCharsets.UTF_8));
        JsonObject stored = edge.rest().get(edge.url() + "/api/records/notes/" + id).json().getJsonObject("data");
        assertEquals(sent, stored, "seed " + seed + " #" + i);
      } else {
        refused(a, "seed " + seed + " mutated #" + i + " " + new String(body, StandardCharsets.ISO_8859_1));
        absent("notes", id);
      }
    }
  }

  @Test
  void oddIdsAreRefusedOrStoredVerbatim() {
    List<String> refusedRaw = List.of("..", "%2e%2e", "%2E.", ".%2e", "%00", "a%00b", "a%0Ab", "%7F",
        "x".repeat(257), "%F0%9F" /* broken UTF-8 */, "x".repeat(9_000));
    for (String raw : refusedRaw) {
      Http.Answer a = put("notes", raw, "{}".getBytes(StandardCharsets.UTF_8));
      assertTrue(a.status() >= 400 && a.status() < 500, raw + " -> " + a.status() + " " + a.body());
    }
    // The over-long request line (9,000 characters) is answered 414 and its connection closed, as HTTP servers
    // do after a request they cannot parse; the client finds out when it next uses its pooled connection.
    for (int i = 0; i < 3 && edge.rest().get(edge.url() + "/health/live").status() < 0; i++) {
      // a failed attempt drops the dead connection; the next one opens a new one
    }
    List<String> stored = List.of("'; DROP TABLE records; --", "1 OR 1=1", "\" OR \"\"=\"", "$(rm -rf /)",
        "<img src=x onerror=alert(1)>", "ﬁ\u200Bzero-width", "../../etc/passwd");
    for (String id : stored) {
      String raw = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
      Http.Answer a = put("notes", raw, new JsonObject().put("id", id).encode().getBytes(StandardCharsets.UTF_8));
      // Percent-encoded, "../../etc/passwd" is one opaque id (the store is a map, not a file tree).
      assertEquals(201, a.status(), id + " -> " + a.body());
      accepted++;
      JsonObject got = edge.rest().get(edge.url() + "/api/records/notes/" + raw).json();
      assertEquals(id, got.getString("id"));
      assertEquals(id, got.getJsonObject("data").getString("id"));
    }
  }

  @Test
  void collectionsThatAreNotNamesOrNotRoutedAreRefused() {
    List<String> bad = new ArrayList<>(List.of("bad%20name", "-dash", ".dot", "x".repeat(65), "semi%3Bcolon",
        "notes%00x", "NOTES%2F..%2Fpatients"));
    for (String c : bad) {
      refused(put(c, "id1", "{}".getBytes(StandardCharsets.UTF_8)), "collection " + c);
    }
    Http.Answer unrouted = put("unknown_collection", "id1", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(404, unrouted.status(), unrouted.body());
    assertEquals("NOT_SUPPORTED", unrouted.json().getString("error"));
    Http.Answer bulk = edge.rest().post(edge.url() + "/api/records/unknown_collection", new JsonObject()
        .put("items", new JsonArray().add(new JsonObject().put("id", "b1").put("data", new JsonObject()))));
    assertEquals(404, bulk.status(), bulk.body());
    absent("unknown_collection", "id1");
  }

}
