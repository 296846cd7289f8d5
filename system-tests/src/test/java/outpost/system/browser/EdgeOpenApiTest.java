package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static outpost.system.browser.OpenApiDoc.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.edge.store.FailedItems;
import outpost.edge.web.EdgeApi;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/**
 * docs/openapi/edge.json held against a real edge node (HTTP on port 0, its store in a temp folder, syncing with a
 * real hub): every route is documented, every documented operation is served, and the JSON answers of a
 * person's use of the node, errors included, validate against the document's schemas.
 */
class EdgeOpenApiTest {
  static final String API_TOKEN = "edge-api-token-for-openapi-tests";
  static final OpenApiDoc DOC = OpenApiDoc.load("edge");

  @TempDir
  Path dir;
  Nodes nodes;
  EdgeNode edge;
  String base;
  final Map<String, String> auth = Map.of("Authorization", "Bearer " + API_TOKEN);

  @BeforeEach
  void start() {
    nodes = new Nodes(dir);
    edge = nodes.edge("clinic-a", API_TOKEN);
    base = Nodes.url(edge);
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  @Test
  void everyRouteOfTheRouterIsDocumentedAndEveryDocumentedOperationIsARoute() {
    var router = EdgeApi.router(edge.vertx(), edge.config(), edge.store(), edge.conflicts(),
        new FailedItems(edge.store()), edge.sync());
    assertEquals(DOC.operations(), OpenApiDoc.routes(router));
  }

  @Test
  void everyDocumentedOperationAnswersOnARealNode() {
    assertEquals(List.of(), DOC.unserved(base, auth));
  }

  @Test
  void theServedDocumentIsTheOneInDocsAndNeedsNoToken() throws Exception {
    OpenApiDoc.Answer served = DOC.call(base, "GET", "/openapi.json", null, Map.of());
    assertEquals(200, served.status());
    assertEquals(OpenApiDoc.parse(Files.readString(Path.of("../docs/openapi/edge.json"))), served.json());
    assertEquals("3.1.0", served.json().get("openapi").asText());
  }

  @Test
  void answersOfAWorkingSessionValidateAgainstTheDocument() {
    assertEquals(201, call("PUT", "/api/records/notes/n-1", "{\"title\":\"first\"}").status());
    assertEquals(200, call("PUT", "/api/records/notes/n-1", "{\"title\":\"second\"}").status());
    JsonNode read = call("GET", "/api/records/notes/n-1", null).json();
    assertEquals("pending", read.at("/sync/state").asText());
    assertEquals(200, call("POST", "/api/records/notes", "{\"items\":[{\"id\":\"n-2\",\"data\":{\"a\":1}},"
        + "{\"id\":\"n-3\",\"data\":{\"a\":2}}]}").status());
    JsonNode page = call("GET", "/api/records/notes?limit=2", null).json();
    assertEquals(2, page.get("items").size());
    assertEquals("n-2", page.get("next").asText());
    // The hub knows no collection "journal": it refuses the change, which becomes a failed item.
    assertEquals(201, call("PUT", "/api/records/journal/j-1", "{\"text\":\"hello\"}").status());

    JsonNode run = syncAndWait();
    assertEquals("PARTIAL", run.get("status").asText(), run.toString());
    assertTrue(run.has("config") && run.has("items"), "the run's detail");
    JsonNode status = call("GET", "/api/sync/status", null).json();
    assertEquals(run.get("id"), status.at("/lastRun/id"));
    assertFalse(status.get("nextDue").isNull(), "the daily schedule's next run");
    JsonNode runs = call("GET", "/api/sync/runs?status=PARTIAL&limit=5", null).json();
    assertEquals(run.get("id"), runs.at("/items/0/id"));
    assertEquals("synced", call("GET", "/api/records/notes/n-1", null).json().at("/sync/state").asText());
    JsonNode failed = call("GET", "/api/failed", null).json().get("items");
    assertEquals(1, failed.size(), failed.toString());
    JsonNode collections = call("GET", "/api/collections", null).json().get("items");
    assertTrue(collections.size() >= 2, collections.toString());
    assertEquals(200, call("GET", "/api/node", null).status());
    assertEquals(202, call("POST", "/api/sync/runs/" + run.get("id").asText() + "/retry-failed", null).status());
    syncAndWait();
    JsonNode item = call("GET", "/api/failed", null).json().at("/items/0");
    assertEquals("journal", item.get("collection").asText(), item.toString());
    assertEquals("j-1", item.get("id").asText());
    assertEquals("PUT", item.get("operation").asText());
    assertTrue(item.get("retryable").asBoolean(), "NOT_SUPPORTED ends when the hub declares the collection");
    assertFalse(item.at("/hub/exists").asBoolean());
    assertEquals(202, call("POST", "/api/failed/" + item.get("seq").asLong() + "/retry", null).status());
    syncAndWait();
    long seq = call("GET", "/api/failed", null).json().at("/items/0/seq").asLong();
    JsonNode discarded = call("POST", "/api/failed/" + seq + "/discard", null).json();
    assertEquals(seq, discarded.get("discarded").asLong());
    assertEquals("REMOVED", discarded.get("outcome").asText(), "the hub never had journal/j-1");
    assertEquals(404, call("GET", "/api/records/journal/j-1", null).status());

    // A conflict: the hub and this site change the same field of one record.
    Http.Answer hubWrite = Nodes.HTTP.put(nodes.hubUrl() + "/api/records/notes/n-1",
        new JsonObject().put("title", "hub's"), Nodes.admin());
    assertEquals(200, hubWrite.status(), hubWrite.body());
    call("PUT", "/api/records/notes/n-1", "{\"title\":\"site's\"}");
    syncAndWait();
    JsonNode conflicts = call("GET", "/api/conflicts", null).json().get("items");
    assertEquals(1, conflicts.size(), conflicts.toString());
    assertEquals(200, call("POST", "/api/conflicts/notes/n-1/resolve", "{\"keep\":\"local\"}").status());
    assertEquals(200, call("DELETE", "/api/records/notes/n-2", null).status());
  }

  @Test
  void errorAnswersCarryADocumentedCodeAndStatus() {
    assertError(401, "AUTH_ERROR", DOC.call(base, "GET", "/api/sync/status", null, Map.of()));
    assertError(403, "PERMISSION_DENIED", DOC.call(base, "PUT", "/api/records/notes/n-1", "{}",
        Map.of("Authorization", auth.get("Authorization"), "Origin", "http://elsewhere.example")));
    assertError(404, "NOT_FOUND", call("GET", "/api/records/notes/none", null));
    assertError(404, "NOT_FOUND", call("GET", "/api/sync/runs/none", null));
    assertError(400, "BAD_REQUEST", call("GET", "/api/records/notes?limit=many", null));
    assertError(400, "BAD_REQUEST", call("GET", "/api/sync/runs?from=yesterday", null));
    assertError(400, "BAD_REQUEST", call("PUT", "/api/records/notes/n-1", "{\"a\":1,\"a\":2}"));
    assertError(400, "BAD_REQUEST", call("POST", "/api/records/notes", "{\"items\":[{\"id\":\"x\"}]}"));
    assertError(409, "ALREADY_RESOLVED", call("POST", "/api/conflicts/notes/n-1/resolve", "{\"keep\":\"hub\"}"));
    assertError(415, "BAD_REQUEST", DOC.call(base, "PUT", "/api/records/notes/n-1", "{}",
        Map.of("Authorization", auth.get("Authorization"), "Content-Type", "text/plain")));
  }


  private OpenApiDoc.Answer call(String method, String target, String body) {
    return DOC.call(base, method, target, body, auth);
  }

  /** Starts a run through the API and answers it once finished (GET /api/sync/runs/{id} finds it). */
  private JsonNode syncAndWait() {
    OpenApiDoc.Answer started = call("POST", "/api/sync", null);
    assertEquals(202, started.status(), started.body());
    String id = started.json().get("syncId").asText();
    Await.until(() -> {
      OpenApiDoc.Answer a = call("GET", "/api/sync/runs/" + id, null);
      return a.status() == 200 && !a.json().get("finishedAt").isNull();
    }, "run " + id + " to finish");
    return call("GET", "/api/sync/runs/" + id, null).json();
  }

  @Test
  void bothDocumentsListExactlyTheErrorCodesTheNodesUse() {
    java.util.Set<String> codes = new java.util.TreeSet<>();
    for (outpost.common.error.ErrorCode code : outpost.common.error.ErrorCode.values()) {
      codes.add(code.name());
    }
    for (OpenApiDoc doc : List.of(DOC, OpenApiDoc.load("hub"))) {
      java.util.Set<String> listed = new java.util.TreeSet<>();
      doc.doc.at("/components/schemas/ErrorCode/enum").forEach(c -> listed.add(c.asText()));
      assertEquals(codes, listed);
    }
  }

  @Test
  void aStatusTheDocumentDoesNotListFailsTheCheck() {
    OpenApiDoc.Answer made = new OpenApiDoc.Answer(418, "application/json", "{}", "GET /api/node");
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> DOC.check("GET", "/api/node", made));
    assertTrue(e.getMessage().contains("418"));
    OpenApiDoc.Answer wrongShape = new OpenApiDoc.Answer(200, "application/json", "{\"site\":1}", "GET /api/node");
    assertNotEquals(null, org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> DOC.check("GET", "/api/node", wrongShape)));
  }
}
