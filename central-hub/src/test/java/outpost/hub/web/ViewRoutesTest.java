package outpost.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import outpost.common.http.SecurityHeaders;
import outpost.hub.ingest.TestHubCase;
import outpost.hub.store.HubRun;

/** The admin view's page and its two reads: GET /api/overview and GET /api/sync/runs.csv. */
class ViewRoutesTest extends TestHubCase {
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void pageIsPublicButCarriesNoDataAndAllowsNoOtherSource() throws Exception {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("/view/hub.js"));
    assertEquals(SecurityHeaders.CSP, page.headers().firstValue("Content-Security-Policy").orElse(""));
    HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/view/hub.js"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, script.statusCode());
    for (String path : List.of("/api/overview", "/api/sync/runs.csv")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, r.statusCode(), path + " needs the admin token");
    }
  }

  @Test
  void overviewCountsSitesFailedRunsOfTheLastDayAndOpenConflicts() throws Exception {
    hub.addSite("clinic-a");
    hub.addSite("clinic-b");
    long now = System.currentTimeMillis();
    save(new HubRun("r1", "clinic-a", now - 1000, now, "FAILED", 0, 0, 0, 0, 0, 0, "CONNECTION_ERROR"));
    save(new HubRun("r2", "clinic-b", now - 2000, now, "PARTIAL", 2, 1, 0, 1, 0, 0, ""));
    save(new HubRun("r3", "clinic-b", now - 3000, now, "COMPLETE", 1, 1, 0, 0, 0, 0, ""));
    save(new HubRun("old", "clinic-a", now - 2 * 86_400_000L, now - 2 * 86_400_000L + 10, "FAILED", 0, 0, 0, 0, 0,
        0, ""));
    JsonObject o = new JsonObject(hub.admin("GET", "/api/overview", null).body());
    assertEquals(2, o.getInteger("sites"));
    assertEquals(0, o.getInteger("syncingNow"));
    assertEquals(2, o.getInteger("failedLast24h"), "failed and partial runs since yesterday: " + o);
    assertEquals(0, o.getInteger("openConflicts"));
  }

  @Test
  void runsCsvHasTheRowsTheRunsListHasAndNeutralisesFormulas() throws Exception {
    long now = System.currentTimeMillis();
    save(new HubRun("sync-1", "clinic-a", now - 3000, now - 2000, "COMPLETE", 3, 3, 0, 0, 0, 5, ""));
    save(new HubRun("sync-2", "clinic-b", now - 1000, now, "FAILED", 0, 0, 0, 0, 0, 0, "=HYPERLINK(\"x\")"));
    List<CSVRecord> all = csv("/api/sync/runs.csv?status=&q=");
    assertEquals(2, all.size(), "blank filters mean no filter");
    List<CSVRecord> failed = csv("/api/sync/runs.csv?status=FAILED");
    assertEquals(1, failed.size());
    assertEquals("sync-2", failed.get(0).get("syncId"));
    assertEquals("clinic-b", failed.get(0).get("site"));
    assertEquals("'=HYPERLINK(\"x\")", failed.get(0).get("error"));
    List<CSVRecord> bySite = csv("/api/sync/runs.csv?q=clinic-a");
    assertEquals(1, bySite.size());
    assertEquals("3", bySite.get(0).get("pushed"));
    assertEquals("5", bySite.get(0).get("pulled"));
    assertEquals(400, hub.admin("GET", "/api/sync/runs.csv?from=yesterday", null).statusCode());
  }

  private void save(HubRun run) {
    hub.server.store().saveRun(run).await();
  }

  private List<CSVRecord> csv(String path) throws Exception {
    HttpResponse<String> r = hub.admin("GET", path, null);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    try (CSVParser parser = CSVParser.parse(new StringReader(r.body()),
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
      return parser.getRecords();
    }
  }
}
