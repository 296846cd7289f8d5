package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.edge.EdgeNode;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/** The edge and hub views in headless Chromium against real nodes. One browser serves every test. */
class WebViewBrowserIT extends BrowserIT {
  @Test
  void syncNowShowsLiveStepsUntilCompleteAndPendingDropsToZero() {
    EdgeNode edge = nodes.edge("clinic-a");
    for (int i = 0; i < 3; i++) {
      Nodes.put(edge, "notes", "n" + i, new JsonObject().put("text", "note " + i));
    }
    browser.open(Nodes.url(edge));
    browser.waitForText("#pending-total", "3");
    browser.waitForText("#site", "clinic-a");
    // Record what the page shows while it changes, and mark the page: a reload would drop the mark.
    browser.js("window.__samePage = true; window.__seen = [];"
        + "new MutationObserver(() => {"
        + "  const s = document.getElementById('run-status').dataset.status;"
        + "  const busy = document.getElementById('sync-now').getAttribute('aria-busy');"
        + "  window.__seen.push(s + '/' + busy);"
        + "}).observe(document.body, {subtree: true, childList: true, attributes: true});");

    browser.find("#sync-now").click();

    browser.waitFor("every step of hub central to reach COMPLETE", d -> List.of("push", "pull", "integrate")
        .stream().allMatch(step -> "COMPLETE".equals(browser.attr(
            "#stepper [data-hub='central'] [data-step='" + step + "']", "data-state"))));
    browser.waitForText("#pending-total", "0");
    browser.waitFor("the run to read COMPLETE", d -> "COMPLETE".equals(browser.attr("#run-status", "data-status")));
    assertEquals("3 / 3", browser.text("#stepper [data-hub='central'] [data-step='push'] .step-count"));
    browser.waitFor("the button to be free again", d -> browser.find("#sync-now").isEnabled());
    assertEquals(Boolean.TRUE, browser.js("return window.__samePage === true"), "the page was reloaded");
    @SuppressWarnings("unchecked")
    List<String> seen = (List<String>) browser.js("return window.__seen");
    assertTrue(seen.contains("RUNNING/true"), "the view never showed the run in progress with a busy button: "
        + seen);
    assertEquals("central: 0", browser.text("#pending-list [data-hub='central']"));
  }

  @Test
  void failedStepShowsItsErrorWithTheHintOneClickAway() {
    EdgeNode edge = nodes.edge("clinic-a");
    Http.Answer disabled = Nodes.HTTP.post(nodes.hubUrl() + "/api/sites/clinic-a/disable", new JsonObject(),
        Nodes.admin());
    assertEquals(200, disabled.status(), disabled.body());
    browser.open(Nodes.url(edge));
    browser.waitForText("#site", "clinic-a");
    browser.find("#sync-now").click();
    browser.waitFor("the run to fail", d -> "FAILED".equals(browser.attr("#run-status", "data-status")));
    String error = "#stepper [data-hub='central'] .step[data-state='FAILED'] details.error";
    // (waited for, not asserted at once: a retry run may be showing its own steps for a moment)
    browser.waitFor("the error on the step that failed", d -> browser.count(error) == 1);
    assertTrue(browser.text(error + " summary").startsWith("AUTH_ERROR: "), browser.text(error + " summary"));
    // The view re-renders the stepper on every status event (a retry run, say), which folds the hint again and
    // replaces the elements: every look is a fresh query, and a click that lands on a replaced element is redone.
    String open = "const e = document.querySelector(arguments[0]); return e != null && e.open;";
    assertEquals(Boolean.FALSE, browser.js(open, error), "the hint waits for a click");
    browser.waitFor("the hint to show after a click", d -> {
      if (!Boolean.TRUE.equals(browser.js(open, error))) {
        try {
          browser.find(error + " summary").click();
        } catch (org.openqa.selenium.StaleElementReferenceException
            | org.openqa.selenium.NoSuchElementException replaced) {
          // re-rendered between the query and the click: the next round clicks the new one
        }
        return false;
      }
      return ErrorCode.AUTH_ERROR.hint().equals(browser.text(error + " p"));
    });
  }

  @Test
  void conflictBetweenTwoEdgesResolvedWithKeepLocalIsGoneOnBothViews() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    conflict(a, b, "n1", new JsonObject().put("text", "first").put("room", "1"),
        new JsonObject().put("text", "from a").put("room", "1"), new JsonObject().put("text", "from b").put("room", "1"));

    browser.open(Nodes.url(b));
    String card = "#conflict-list article[data-collection='notes'][data-id='n1']";
    browser.waitFor("the conflict on the edge", d -> browser.count(card) == 1);
    assertEquals("conflicting", browser.attr(card + " tr[data-field='text']", "class"));
    assertEquals("from a", browser.text(card + " tr[data-field='text'] td:nth-child(2)"));
    assertEquals("from b", browser.text(card + " tr[data-field='text'] td:nth-child(3)"));
    assertEquals(null, browser.attr(card + " tr[data-field='room']", "class"), "room did not conflict");

    openHub();
    browser.waitFor("the conflict on the hub", d -> browser.count(card) == 1);
    assertTrue(browser.text(card + " .meta").contains("site clinic-b"));

    browser.open(Nodes.url(b));
    browser.waitFor("the conflict on the edge", d -> browser.count(card) == 1);
    browser.find(card + " button[data-keep='local']").click();
    // The view sends the choice with a sync at once; the card goes when the hub has accepted it.
    browser.waitFor("the conflict to leave the edge view", d -> browser.count(card) == 0
        && "0".equals(browser.text("#conflict-count")));
    browser.waitFor("the sync that carried the resolution to end", d -> browser.find("#sync-now").isEnabled());

    JsonObject onHub = Nodes.HTTP.get(nodes.hubUrl() + "/api/records/notes/n1", Nodes.admin()).json();
    assertEquals("from b", onHub.getJsonObject("data").getString("text"));
    assertEquals(false, onHub.getBoolean("inConflict"));

    openHub();
    browser.waitForText("#conflict-count", "0");
    assertEquals(0, browser.count(card));
    assertEquals("0", browser.text("#total-conflicts"));
  }

  @Test
  void markupInRecordFieldsIsShownAsTextAndNeverRuns() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    String script = "<script>window.__xss=1</script>";
    String img = "\"><img src=x onerror=\"window.__xss=2\">";
    conflict(a, b, "x1", new JsonObject().put("text", "plain").put("note", script).put("label", img),
        new JsonObject().put("text", script).put("note", script).put("label", img),
        new JsonObject().put("text", img).put("note", script).put("label", img));
    String card = "#conflict-list article[data-id='x1']";

    browser.open(Nodes.url(b));
    browser.waitFor("the conflict on the edge", d -> browser.count(card) == 1);
    assertShownAsText(card, script, img);
    openHub();
    browser.waitFor("the conflict on the hub", d -> browser.count(card) == 1);
    assertShownAsText(card, script, img);
  }

  private void assertShownAsText(String card, String script, String img) {
    assertEquals(script, browser.find(card + " tr[data-field='text'] td:nth-child(2)").getText());
    assertEquals(img, browser.find(card + " tr[data-field='text'] td:nth-child(3)").getText());
    assertEquals(script, browser.find(card + " tr[data-field='note'] td:nth-child(3)").getText());
    assertEquals(img, browser.find(card + " tr[data-field='label'] td:nth-child(2)").getText());
    assertTrue(browser.find(card + " tr[data-field='label'] td:nth-child(2)").isDisplayed());
    assertEquals(0, browser.count(card + " img") + browser.count(card + " script"), "markup became elements");
    assertEquals("undefined", browser.js("return typeof window.__xss"), "a script from the data ran");
  }

  @Test
  void stateChangingRequestFromAnotherOriginIsRefused() {
    EdgeNode edge = nodes.edge("clinic-a");
    Http.Answer refused = Nodes.HTTP.post(Nodes.url(edge) + "/api/sync", new JsonObject(),
        java.util.Map.of("Origin", "http://evil.example"));
    assertEquals(403, refused.status());
    assertEquals("PERMISSION_DENIED", refused.json().getString("error"));
    java.util.Map<String, String> adminFromElsewhere = new java.util.HashMap<>(Nodes.admin());
    adminFromElsewhere.put("Origin", "http://evil.example");
    Http.Answer hubRefused = Nodes.HTTP.post(nodes.hubUrl() + "/api/sites", new JsonObject().put("id", "intruder"),
        adminFromElsewhere);
    assertEquals(403, hubRefused.status());

    String lastRun = lastRunId(edge);
    // A page of another site (localhost is not 127.0.0.1) with a form that posts to the edge: the classic
    // forged request, which a browser really sends (no preflight), so only the node's own check stops it.
    HttpServer other = otherSite("<!doctype html><title>Win a prize</title><form method=\"post\" action=\""
        + Nodes.url(edge) + "/api/sync\"><button id=\"go\">Claim</button></form>");
    try {
      browser.open("http://localhost:" + other.getAddress().getPort() + "/");
      browser.find("#go").click();
      browser.waitFor("the edge's answer to the forged form", d -> String.valueOf(browser.text("body"))
          .contains("PERMISSION_DENIED"));
      assertTrue(browser.text("body").contains("cross-site request refused"), browser.text("body"));
    } finally {
      other.stop(0);
    }
    assertEquals("idle", Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/status").json().getString("state"));
    assertEquals(lastRun, lastRunId(edge), "a cross-site request started a sync");

    // The same request from the node's own page is accepted: the origin is what was refused.
    browser.open(Nodes.url(edge));
    assertEquals("sent", post(Nodes.url(edge) + "/api/sync"));
    Await.until(() -> !lastRun.equals(lastRunId(edge)), "the same-origin request to start a sync");
  }

  /** A page served from another origin by the JDK's own HTTP server. */
  private static HttpServer otherSite(String html) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String post(String url) {
    return (String) browser.jsAsync("const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {method: 'POST', mode: 'no-cors'}).then(() => done('sent'), e => done('error ' + e));",
        url);
  }

  private static String lastRunId(EdgeNode edge) {
    JsonObject last = Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/status").json().getJsonObject("lastRun");
    return last == null ? "" : last.getString("id");
  }

  @Test
  void filtersAndSearchNarrowTheHistoryAndTheCsvHoldsTheExpectedRows() {
    EdgeNode edge = nodes.edge("clinic-a");
    String startup = lastRunId(edge);
    Nodes.put(edge, "notes", "alpha", new JsonObject().put("text", "a"));
    JsonObject first = Nodes.sync(edge);
    Nodes.put(edge, "gadgets", "g1", new JsonObject().put("text", "the hub has no such collection"));
    JsonObject refused = Nodes.sync(edge);
    Nodes.put(edge, "notes", "beta", new JsonObject().put("text", "b"));
    JsonObject last = Nodes.sync(edge);
    assertEquals("COMPLETE", first.getString("status"));
    assertNotEquals("COMPLETE", refused.getString("status"), refused.encode());

    browser.open(Nodes.url(edge));
    browser.waitFor("four runs in the history", d -> historyIds().size() == 4);
    assertEquals(List.of(last.getString("id"), refused.getString("id"), first.getString("id"), startup),
        historyIds(), "newest first");

    filter("f-status", refused.getString("status"));
    assertEquals(List.of(refused.getString("id")), historyIds());
    filter("f-collection", "gadgets");
    assertEquals(List.of(refused.getString("id")), historyIds());
    filter("f-operation", "push");
    assertEquals(List.of(last.getString("id"), refused.getString("id"), first.getString("id")), historyIds());
    filter("f-q", "beta");
    assertEquals(List.of(last.getString("id")), historyIds(), "search by record id");
    filter("f-q", first.getString("id"));
    assertEquals(List.of(first.getString("id")), historyIds(), "search by sync id");
    assertEquals("1 run matches the filters", browser.text("#history-count"));
    String today = LocalDate.now().toString();
    String tomorrow = LocalDate.now().plusDays(1).toString();
    filter("f-from", tomorrow);
    assertEquals(List.of(), historyIds());
    filter("f-from", today);
    assertEquals(4, historyIds().size());

    // Sort by end: newest first, then oldest first.
    browser.find("#history-table button[data-sort='end']").click();
    assertEquals(last.getString("id"), historyIds().get(0));
    browser.find("#history-table button[data-sort='end']").click();
    assertEquals(startup, historyIds().get(0));

    // Detail: retry is offered only where items failed; items search; the config with its token masked.
    browser.find("#history-table tr[data-id='" + first.getString("id") + "']").click();
    browser.waitFor("the detail of the first run", d -> first.getString("id").equals(browser.text("#d-id")));
    assertTrue(!browser.find("#retry-failed").isEnabled(), "nothing failed in the first run");
    browser.find("#history-table tr[data-id='" + refused.getString("id") + "']").click();
    browser.waitFor("the detail of the refused run", d -> refused.getString("id").equals(browser.text("#d-id"))
        && browser.find("#retry-failed").isEnabled());
    browser.find("#tab-items").click();
    browser.find("#items-q").sendKeys("g1");
    assertEquals(1, browser.count("#items-table tbody tr"));
    assertEquals("g1", browser.text("#items-table tbody tr td:nth-child(3)"));
    browser.find("#tab-config").click();
    JsonObject config = new JsonObject(browser.text("#config-json"));
    assertEquals("clinic-a", config.getString("site"));
    assertEquals("***", config.getJsonArray("hubs").getJsonObject(0).getString("token"), "secrets are masked");

    // The errors CSV of today: the one refused change, once.
    setDate("csv-from", today);
    setDate("csv-to", today);
    List<CSVRecord> rows = csv(Nodes.url(edge) + browser.attr("#errors-csv", "href"), java.util.Map.of());
    assertEquals(1, rows.size(), rows.toString());
    assertEquals("gadgets", rows.get(0).get("collection"));
    assertEquals("g1", rows.get(0).get("id"));
    assertEquals("NOT_SUPPORTED", rows.get(0).get("code"));
    assertEquals(refused.getString("id"), rows.get(0).get("syncId"));
    setDate("csv-from", tomorrow);
    setDate("csv-to", tomorrow);
    assertEquals(List.of(), csv(Nodes.url(edge) + browser.attr("#errors-csv", "href"), java.util.Map.of()));

    // The hub's runs of this site, narrowed the same way, and its CSV export.
    openHub();
    browser.waitFor("the hub's runs", d -> browser.count("#runs-table tbody tr[data-id]") >= 4);
    browser.find("#r-q").sendKeys(refused.getString("id"));
    browser.find("#run-filters button[type='submit']").click();
    browser.waitFor("one run on the hub", d -> browser.count("#runs-table tbody tr[data-id]") == 1);
    List<CSVRecord> hubRows = csv(nodes.hubUrl() + browser.attr("#runs-csv", "data-href"), Nodes.admin());
    assertEquals(1, hubRows.size());
    assertEquals(refused.getString("id"), hubRows.get(0).get("syncId"));
    assertEquals("clinic-a", hubRows.get(0).get("site"));
    assertEquals("1", hubRows.get(0).get("rejected"));
  }

  @SuppressWarnings("unchecked")
  private List<String> historyIds() {
    return (List<String>) browser.js("return [...document.querySelectorAll('#history-table tbody tr[data-id]')]"
        + ".map(r => r.dataset.id)");
  }

  /** Sets one history filter (clearing the others), applies it, and waits for the table to answer. */
  private void filter(String field, String value) {
    browser.js("document.getElementById('history-filters').reset();"
        + "window.__historyAnswered = false;"
        + "const count = document.getElementById('history-count');"
        + "new MutationObserver((m, o) => { window.__historyAnswered = true; o.disconnect(); })"
        + "  .observe(count, {childList: true, characterData: true, subtree: true});"
        + "document.getElementById(arguments[0]).value = arguments[1];"
        + "document.getElementById('history-filters').requestSubmit();", field, value);
    browser.waitFor("the history filtered by " + field + "=" + value,
        d -> Boolean.TRUE.equals(browser.js("return window.__historyAnswered")));
  }

  private void setDate(String id, String value) {
    browser.js("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        + "e.dispatchEvent(new Event('change'));", id, value);
  }

  static List<CSVRecord> csv(String url, java.util.Map<String, String> headers) {
    Http.Answer r = Nodes.HTTP.get(url, headers);
    assertEquals(200, r.status(), r.body());
    try (CSVParser parser = CSVParser.parse(r.body(), CSVFormat.DEFAULT.builder().setHeader()
        .setSkipHeaderRecord(true).get())) {
      return parser.getRecords();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void edgeWithAnApiTokenAsksForItOnceAndStillShowsLiveProgress() {
    EdgeNode edge = nodes.edge("clinic-a", "edge-api-token-0123456789");
    Nodes.put(edge, "notes", "t1", new JsonObject().put("text", "behind a token"));
    browser.open(Nodes.url(edge));
    browser.waitFor("the token gate", d -> !hidden("#token-gate") && hidden("#app"));
    browser.find("#token-input").sendKeys("edge-api-token-0123456789");
    browser.find("#token-form button").click();
    browser.waitForText("#pending-total", "1");
    browser.waitFor("the QR code", d -> browser.find("#qr").isDisplayed());
    assertTrue(browser.attr("#qr", "src").startsWith("data:image/svg+xml;base64,"));

    // Kept for the tab: a reload does not ask again.
    browser.open(Nodes.url(edge));
    browser.waitForText("#pending-total", "1");
    assertTrue(hidden("#token-gate"));
    browser.find("#sync-now").click();
    // EventSource cannot send the token: the page reads the same events through fetch().
    browser.waitFor("the push step to complete", d -> "COMPLETE".equals(
        browser.attr("#stepper [data-hub='central'] [data-step='push']", "data-state"))
        && "COMPLETE".equals(browser.attr("#run-status", "data-status")));
    browser.waitForText("#pending-total", "0");
  }

  @Test
  void conflictResolvedOnTheHubWithAMergedValueReachesTheEdge() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    conflict(a, b, "m1", new JsonObject().put("text", "first"), new JsonObject().put("text", "from a"),
        new JsonObject().put("text", "from b"));
    String card = "#conflict-list article[data-id='m1']";
    openHub();
    browser.waitFor("the conflict on the hub", d -> browser.count(card) == 1);
    browser.find(card + " button[data-keep='edit']").click();
    browser.js("document.querySelector(arguments[0]).value = arguments[1]", card + " textarea",
        "{\"text\": \"from a and b\"}");
    browser.find(card + " button[data-keep='merged']").click();
    browser.waitFor("the conflict to leave the hub view", d -> browser.count(card) == 0
        && "0".equals(browser.text("#conflict-count")));
    assertEquals("from a and b", Nodes.HTTP.get(nodes.hubUrl() + "/api/records/notes/m1", Nodes.admin()).json()
        .getJsonObject("data").getString("text"));

    Nodes.sync(b);
    browser.open(Nodes.url(b));
    browser.waitForText("#conflict-count", "0");
    assertEquals("from a and b", Nodes.HTTP.get(Nodes.url(b) + "/api/records/notes/m1").json().getJsonObject("data")
        .getString("text"));
  }

  /** The pictures of docs/web-view.md, from a small but lifelike state: runs, a refused change, a conflict. */
  @Test
  void screenshotsOfBothViewsAtDesktopAndPhoneWidth() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    Nodes.HTTP.post(nodes.hubUrl() + "/api/sites", new JsonObject().put("id", "clinic-c"), Nodes.admin());
    for (int i = 0; i < 5; i++) {
      Nodes.put(b, "patients", "p" + i, new JsonObject().put("name", "Patient " + i).put("ward", "B" + (i % 2)));
    }
    Nodes.sync(b);
    conflict(a, b, "visit-42", new JsonObject().put("text", "Follow-up visit").put("room", "3").put("by", "nurse"),
        new JsonObject().put("text", "Follow-up visit on Tuesday").put("room", "3").put("by", "nurse"),
        new JsonObject().put("text", "Follow-up visit on Thursday").put("room", "5").put("by", "nurse"));
    Nodes.put(b, "gadgets", "scale-1", new JsonObject().put("kg", 71.5));
    Nodes.sync(b);
    Nodes.put(b, "patients", "p9", new JsonObject().put("name", "Patient 9"));
    Nodes.put(b, "notes", "n9", new JsonObject().put("text", "Water pump repaired"));

    Path images = Path.of(System.getProperty("basedir", ".")).resolve("../docs/images").normalize();
    browser.open(Nodes.url(b));
    browser.waitForText("#pending-total", "2");
    browser.waitFor("the conflict", d -> browser.count("#conflict-list article") == 1);
    browser.waitFor("the QR code", d -> browser.find("#qr").isDisplayed());
    String partial = browser.attr("#history-table tbody tr[data-id]", "data-id");
    browser.find("#history-table tr[data-id='" + partial + "']").click();
    browser.waitFor("the run detail", d -> partial.equals(browser.text("#d-id")));
    shoot(images, "edge");
    openHub();
    browser.waitFor("the hub's lists", d -> browser.count("#sites-table tbody tr[data-site]") == 3
        && browser.count("#conflict-list article") == 1);
    shoot(images, "hub");
    browser.find("#site-search").sendKeys("clinic-c");
    assertEquals(1, browser.count("#sites-table tbody tr[data-site]"), "search by site id");
  }

  /** The first screen at desktop and phone size, and the whole page at desktop width. */
  private void shoot(Path images, String view) {
    for (int[] size : new int[][] {{1280, 900}, {390, 844}}) {
      browser.viewport(size[0], size[1]);
      browser.js("window.scrollTo(0, 0)");
      save(images.resolve(view + (size[0] > 800 ? "-desktop" : "-phone") + ".png"));
    }
    browser.viewport(1280, 900);
    browser.viewport(1280, browser.pageHeight());
    save(images.resolve(view + "-desktop-full.png"));
    browser.resetViewport();
  }

  private void save(Path file) {
    browser.screenshot(file);
    assertTrue(file.toFile().length() > 10_000, file + " looks empty");
  }

  // ---- helpers

  /** A conflict on b: both edges change notes/{id} after both saw it; a pushes first. */
  static void conflict(EdgeNode a, EdgeNode b, String id, JsonObject base, JsonObject fromA, JsonObject fromB) {
    Nodes.put(a, "notes", id, base);
    assertEquals("COMPLETE", Nodes.sync(a).getString("status"));
    assertEquals("COMPLETE", Nodes.sync(b).getString("status"));
    Nodes.put(a, "notes", id, fromA);
    Nodes.put(b, "notes", id, fromB);
    assertEquals("COMPLETE", Nodes.sync(a).getString("status"));
    JsonObject run = Nodes.sync(b);
    assertNotEquals("COMPLETE", run.getString("status"), "b's push should have conflicted: " + run.encode());
  }
}
