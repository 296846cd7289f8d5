package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static outpost.system.browser.OpenApiDoc.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.hub.server.HubServer;
import outpost.hub.sites.SiteService;
import outpost.hub.web.AdminApi;

/**
 * docs/openapi/hub.json held against a real hub (embedded store in a temp folder, ports 0) that a real edge synced
 * with: every route is documented, every documented operation is served, and the JSON answers of the admin API,
 * errors included, validate against the document's schemas.
 */
class HubOpenApiTest {
  static final OpenApiDoc DOC = OpenApiDoc.load("hub");

  @TempDir
  Path dir;
  Nodes nodes;
  HubServer hub;
  String base;

  @BeforeEach
  void start() {
    nodes = new Nodes(dir);
    hub = nodes.hub;
    base = nodes.hubUrl();
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  @Test
  void everyRouteOfTheRouterIsDocumentedAndEveryDocumentedOperationIsARoute() {
    var router = new AdminApi(hub.vertx(), hub.config(), hub.adminToken(), hub.store(),
        new SiteService(hub.vertx(), hub.store(), site -> { }), hub.metrics()).router();
    assertEquals(DOC.operations(), OpenApiDoc.routes(router));
  }

  @Test
  void everyDocumentedOperationAnswersWithTheAdminToken() {
    nodes.edge("clinic-a");
    assertEquals(List.of(), DOC.unserved(base, Nodes.admin()));
  }

  @Test
  void theServedDocumentIsTheOneInDocsAndNeedsNoToken() throws Exception {
    OpenApiDoc.Answer served = DOC.call(base, "GET", "/openapi.json", null, Map.of());
    assertEquals(200, served.status());
    assertEquals(OpenApiDoc.parse(Files.readString(Path.of("../docs/openapi/hub.json"))), served.json());
  }

  @Test
  void answersOfTheAdminApiValidateAgainstTheDocument() {
    EdgeNode edge = nodes.edge("clinic-a");
    Nodes.put(edge, "notes", "n-1", new io.vertx.core.json.JsonObject().put("title", "site's first"));
    Nodes.sync(edge);

    JsonNode sites = call("GET", "/api/sites", null).json().get("items");
    assertEquals("clinic-a", sites.at("/0/id").asText());
    assertEquals("COMPLETE", sites.at("/0/lastStatus").asText(), sites.toString());
    JsonNode runs = call("GET", "/api/sync/runs?site=clinic-a&limit=10", null).json().get("items");
    assertTrue(runs.size() >= 2, "the start-up run and the manual one: " + runs);
    assertEquals(200, call("GET", "/api/sync/runs.csv?site=clinic-a", null).status());
    JsonNode record = call("GET", "/api/records/notes/n-1", null).json();
    assertEquals("clinic-a", record.get("originSite").asText(), record.toString());
    assertEquals(201, call("PUT", "/api/records/patients/p-1?site=clinic-a", "{\"name\":\"Ada\"}").status());
    assertEquals(200, call("PUT", "/api/records/notes/n-1", "{\"title\":\"hub's\"}").status());
    JsonNode page = call("GET", "/api/records/notes?limit=1", null).json();
    assertEquals("n-1", page.get("next").asText());

    // This site changes the field the hub just changed: a conflict on both sides.
    Nodes.put(edge, "notes", "n-1", new io.vertx.core.json.JsonObject().put("title", "site's second"));
    Nodes.sync(edge);
    JsonNode conflicts = call("GET", "/api/conflicts", null).json().get("items");
    assertEquals(1, conflicts.size(), conflicts.toString());
    assertEquals(1, call("GET", "/api/overview", null).json().get("openConflicts").asInt());
    assertFalse(call("POST", "/api/conflicts/notes/n-1/resolve", "{\"keep\":\"hub\"}").json().get("inConflict")
        .asBoolean());
    assertEquals(200, call("DELETE", "/api/records/notes/n-1", null).status());

    assertEquals(201, call("POST", "/api/sites", "{\"id\":\"clinic-b\"}").status());
    assertTrue(call("POST", "/api/sites/clinic-b/disable", null).json().get("disabled").asBoolean());
    assertFalse(call("POST", "/api/sites/clinic-b/enable", null).json().get("disabled").asBoolean());
    assertEquals(200, call("POST", "/api/sites/clinic-b/token", null).status());
    assertEquals(200, DOC.call(base, "GET", "/health", null, Map.of()).status());
    assertEquals(200, DOC.call(base, "GET", "/health/live", null, Map.of()).status());
    assertEquals(200, call("GET", "/metrics", null).status());
  }

  @Test
  void answersTheTestHttpHelperReceivesFromTheHubAreChecked() {
    assertEquals(200, Nodes.HTTP.get(base + "/api/sites", Nodes.admin()).status());
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/sites")).GET().build();
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> OpenApiDoc.checkServed(request, 200, "application/json", "{\"sites\":[]}"));
    assertTrue(e.getMessage().contains("items"), e.getMessage());
  }

  @Test
  void errorAnswersCarryADocumentedCodeAndStatus() {
    assertError(401, "AUTH_ERROR", DOC.call(base, "GET", "/api/sites", null, Map.of()));
    assertError(401, "AUTH_ERROR", DOC.call(base, "GET", "/metrics", null, Map.of("Authorization", "Bearer no")));
    assertError(403, "PERMISSION_DENIED", DOC.call(base, "POST", "/api/sites", "{\"id\":\"x\"}",
        Map.of("Authorization", Nodes.admin().get("Authorization"), "Origin", "http://elsewhere.example")));
    assertError(404, "NOT_FOUND", call("GET", "/api/records/notes/none", null));
    assertError(404, "NOT_SUPPORTED", call("GET", "/api/records/journal", null));
    assertError(404, "NOT_FOUND", call("POST", "/api/sites/ghost/disable", null));
    assertError(400, "BAD_REQUEST", call("GET", "/api/sync/runs?limit=0", null));
    assertError(400, "BAD_REQUEST", call("POST", "/api/sites", "{\"id\":\"a b/c\"}"));
    assertError(400, "BAD_REQUEST", call("PUT", "/api/records/patients/p-1", "{\"name\":\"no owner\"}"));
    assertError(400, "BAD_REQUEST", call("POST", "/api/conflicts/notes/n-1/resolve", "{\"keep\":\"merged\"}"));
    assertEquals(201, call("POST", "/api/sites", "{\"id\":\"clinic-c\"}").status());
    assertError(409, "CONFLICT", call("POST", "/api/sites", "{\"id\":\"clinic-c\"}"));
    assertError(415, "BAD_REQUEST", DOC.call(base, "POST", "/api/sites", "{\"id\":\"x\"}",
        Map.of("Authorization", Nodes.admin().get("Authorization"), "Content-Type", "text/plain")));
  }


  private OpenApiDoc.Answer call(String method, String target, String body) {
    return DOC.call(base, method, target, body, Nodes.admin());
  }
}
