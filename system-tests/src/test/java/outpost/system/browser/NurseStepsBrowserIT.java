package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;
import outpost.edge.sync.EngineFactory;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;

/**
 * Refused changes, the errors CSV, error wording and field-by-field conflict resolution, as a nurse or an operator
 * meets them on the edge view: click, then read the page and the stores.
 */
class NurseStepsBrowserIT extends BrowserIT {
  @Test
  void permissionDeniedOffersDiscardNotRetryAndDiscardPutsBackTheHubsCopyOrRemovesTheRecord() {
    Http.Answer hubWrite = Nodes.HTTP.put(nodes.hubUrl() + "/api/records/items/gauze", new JsonObject()
        .put("name", "Gauze").put("stock", 40), Nodes.admin());
    assertEquals(200, hubWrite.status() / 100 * 100, hubWrite.body());
    // Written before the edge learnt that items are the hub's alone: an edge that knows the rule refuses such a
    // write itself, so only a first sync meets the hub's refusal.
    EdgeNode edge = nodes.edgeAfterOfflineWrites("clinic-a", offline -> {
      Nodes.put(offline, "items", "gauze", new JsonObject().put("name", "Gauze").put("stock", 12));
      Nodes.put(offline, "items", "splint", new JsonObject().put("name", "Splint"));
    });
    assertEquals(2, Nodes.HTTP.get(Nodes.url(edge) + "/api/failed").json().getJsonArray("items").size());
    refusedThenDiscarded(edge);
  }

  private void refusedThenDiscarded(EdgeNode edge) {
    browser.open(Nodes.url(edge));
    String gauze = "#failed-list article[data-collection='items'][data-id='gauze']";
    String splint = "#failed-list article[data-collection='items'][data-id='splint']";
    browser.waitFor("both refused changes", d -> browser.count(gauze) == 1 && browser.count(splint) == 1);
    assertEquals("PERMISSION_DENIED", browser.attr(gauze, "data-code"));
    assertEquals(0, browser.count(gauze + " button[data-action='retry']"), "a retry of PERMISSION_DENIED must fail");
    assertEquals(1, browser.count(gauze + " button[data-action='discard']"));
    String words = browser.text(gauze + " .error-text");
    assertTrue(words.startsWith("PERMISSION_DENIED: ") && words.endsWith(ErrorCode.PERMISSION_DENIED.hint()), words);
    assertTrue(browser.text(gauze + " .meta").contains("The hub holds version"), browser.text(gauze + " .meta"));
    assertTrue(browser.text(splint + " .meta").contains("The hub does not have this record"));
    String grey = (String) browser.js("const b = document.createElement('span'); b.className = 'badge s-APPLIED';"
        + "document.body.appendChild(b); const c = getComputedStyle(b).backgroundColor; b.remove(); return c;");
    String rejected = (String) browser.js("return getComputedStyle(document.querySelector(arguments[0]))"
        + ".backgroundColor", gauze + " .badge");
    assertNotEquals(grey, rejected, "REJECTED must not look like APPLIED");
    browser.js("document.getElementById('failed').scrollIntoView()");
    browser.screenshot(IMAGES.resolve("edge-failed-items.png"));

    browser.find(gauze + " button[data-action='discard']").click();
    browser.waitFor("the discard's outcome", d -> "HUB_COPY".equals(browser.attr("#failed-outcome", "data-outcome")));
    assertTrue(browser.text("#failed-outcome").contains("items/gauze is back to the hub's copy (version "),
        browser.text("#failed-outcome"));
    browser.waitFor("the item to leave the list", d -> browser.count(gauze) == 0);
    JsonObject gauzeHere = Nodes.HTTP.get(Nodes.url(edge) + "/api/records/items/gauze").json();
    assertEquals(40, gauzeHere.getJsonObject("data").getInteger("stock"), "the record is the hub's copy again");
    assertEquals("synced", gauzeHere.getJsonObject("sync").getString("state"));

    browser.find(splint + " button[data-action='discard']").click();
    browser.waitFor("the second discard's outcome", d -> "REMOVED".equals(browser.attr("#failed-outcome",
        "data-outcome")));
    assertTrue(browser.text("#failed-outcome").contains("items/splint is removed here"));
    assertEquals(404, Nodes.HTTP.get(Nodes.url(edge) + "/api/records/items/splint").status());
    assertEquals(0, Nodes.HTTP.get(Nodes.url(edge) + "/api/failed").json().getJsonArray("items").size());
    assertEquals("0", browser.text("#failed-count"));
  }

  @Test
  void aRetryableFailureRetriedShowsTheNewRunAndWhatTheHubSaid() {
    EdgeNode edge = nodes.edge("clinic-a");
    Nodes.put(edge, "gadgets", "scale-1", new JsonObject().put("kg", 71.5));
    JsonObject refused = Nodes.sync(edge);
    browser.open(Nodes.url(edge));
    String card = "#failed-list article[data-id='scale-1']";
    browser.waitFor("the refused change", d -> browser.count(card) == 1);
    assertEquals(1, browser.count(card + " button[data-action='retry']"), "NOT_SUPPORTED can succeed later");

    browser.find(card + " button[data-action='retry']").click();
    browser.waitFor("the retry's outcome", d -> browser.attr("#failed-outcome", "data-outcome") != null);
    String outcome = browser.text("#failed-outcome");
    assertTrue(outcome.startsWith("Retried gadgets/scale-1: the hub refused it again in sync "), outcome);
    assertEquals(1, count(outcome, "NOT_SUPPORTED"), outcome);
    String newRun = Nodes.HTTP.get(Nodes.url(edge) + "/api/failed").json().getJsonArray("items").getJsonObject(0)
        .getString("syncId");
    assertNotEquals(refused.getString("id"), newRun);
    assertTrue(outcome.contains(newRun), outcome);
    browser.waitFor("the detail of the new run", d -> newRun.equals(browser.text("#d-id")));

    // The run detail's own retry also leaves the old run for the one that sent the items.
    browser.waitFor("the detail's retry button", d -> browser.find("#retry-failed").isEnabled());
    browser.find("#retry-failed").click();
    browser.waitFor("the detail to move to the retry's run", d -> !newRun.equals(browser.text("#d-id"))
        && browser.text("#retry-message").startsWith("Retried in this sync: 1 item sent again"));
  }

  @Test
  void connectionAndAuthErrorsReadAsOneSentenceWithTheirCodeOnceAndAHint() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    EdgeNode lonely = Await.of(new EdgeNode(EdgeConfig.fromJson(new JsonObject().put("site", "clinic-z")
        .put("data", tmp.resolve("z").toString()).put("httpPort", 0)
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "127.0.0.1:" + closed)
            .put("token", "t")))
        .put("schedule", new JsonObject().put("frequency", "daily").put("syncHour", 3))), EngineFactory::create)
        .start());
    try {
      browser.open(Nodes.url(lonely));
      String error = "#stepper [data-hub='central'] details.error summary";
      browser.waitFor("the connection error", d -> browser.count(error) == 1 && !browser.text(error).isEmpty());
      String words = browser.text(error);
      assertTrue(words.startsWith("CONNECTION_ERROR: The hub could not be reached"), words);
      assertEquals(1, count(words, "CONNECTION_ERROR"), words);
      assertFalse(words.contains(": io exception"), words);
      browser.screenshot(IMAGES.resolve("edge-connection-error.png"));
    } finally {
      Await.of(lonely.stop());
    }

    EdgeNode edge = nodes.edge("clinic-c");
    assertEquals(200, Nodes.HTTP.post(nodes.hubUrl() + "/api/sites/clinic-c/disable", new JsonObject(), Nodes.admin())
        .status());
    browser.open(Nodes.url(edge));
    browser.waitForText("#site", "clinic-c");
    browser.find("#sync-now").click();
    String error = "#stepper [data-hub='central'] .step[data-state='FAILED'] details.error summary";
    browser.waitFor("the auth error", d -> browser.count(error) == 1 && browser.text(error).startsWith("AUTH_ERROR"));
    String words = browser.text(error);
    assertEquals(1, count(words, "AUTH_ERROR"), words);
    assertTrue(words.startsWith("AUTH_ERROR: Site 'clinic-c'") || words.startsWith("AUTH_ERROR: "), words);
  }

  @Test
  void errorsCsvHasOneRowPerRefusedChangeAndConflictWithItsStateCheckedAgainstTheStores() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    WebViewBrowserIT.conflict(a, b, "n1", new JsonObject().put("text", "first").put("room", "1"),
        new JsonObject().put("text", "from a").put("room", "1"), new JsonObject().put("text", "from b").put("room", "1"));
    Nodes.put(b, "gadgets", "g1", new JsonObject().put("kg", 3));
    Nodes.sync(b);

    String url = Nodes.url(b) + "/api/sync/errors.csv";
    List<CSVRecord> rows = csv(url);
    assertEquals(2, rows.size(), rows.toString());
    for (CSVRecord row : rows) {
      assertFalse(row.get("code").isEmpty() || row.get("message").isEmpty() || row.get("hint").isEmpty(),
          row.toString());
      assertTrue(List.of("PUT", "DELETE", "").contains(row.get("operation")), row.toString());
      assertEquals(ErrorCode.valueOf(row.get("code")).hint(), row.get("hint"), "the hint fits the code: " + row);
    }
    JsonObject failed = Nodes.HTTP.get(Nodes.url(b) + "/api/failed").json().getJsonArray("items").getJsonObject(0);
    CSVRecord refused = row(rows, "g1");
    assertEquals(failed.getString("code"), refused.get("code"));
    assertEquals(failed.getString("syncId"), refused.get("syncId"));
    assertEquals("PUT", refused.get("operation"));
    assertEquals("failed item", refused.get("state"));
    JsonObject conflict = Nodes.HTTP.get(Nodes.url(b) + "/api/conflicts").json().getJsonArray("items").getJsonObject(0);
    CSVRecord conflicted = row(rows, "n1");
    assertEquals("CONFLICT", conflicted.get("code"));
    assertEquals(conflict.getString("syncId"), conflicted.get("syncId"));
    assertTrue(conflicted.get("message").contains("text"), conflicted.toString());
    assertEquals("open", conflicted.get("state"));

    // Resolved and discarded: the rows stay, with what became of them.
    assertEquals(200, Nodes.HTTP.post(Nodes.url(b) + "/api/conflicts/notes/n1/resolve", new JsonObject().put("keep",
        "local"), Map.of()).status());
    Nodes.sync(b);
    assertEquals(200, Nodes.HTTP.post(Nodes.url(b) + "/api/failed/" + failed.getLong("seq") + "/discard",
        new JsonObject(), Map.of()).status());
    assertEquals(0, Nodes.HTTP.get(Nodes.url(b) + "/api/conflicts").json().getJsonArray("items").size());
    List<CSVRecord> after = csv(url);
    assertEquals(2, after.size(), after.toString());
    assertEquals("resolved", row(after, "n1").get("state"));
    assertEquals("CONFLICT", row(after, "n1").get("code"));
    assertEquals("retried or discarded", row(after, "g1").get("state"));

    // The page's link serves the same file.
    browser.open(Nodes.url(b));
    String today = LocalDate.now().toString();
    browser.js("for (const id of ['csv-from', 'csv-to']) { const e = document.getElementById(id); e.value = arguments[0];"
        + "e.dispatchEvent(new Event('change')); }", today);
    assertEquals(2, csv(Nodes.url(b) + browser.attr("#errors-csv", "href")).size());
  }

  @Test
  void aConflictResolvedFieldByFieldReachesTheEdgeAndTheHub() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    WebViewBrowserIT.conflict(a, b, "visit-7",
        new JsonObject().put("text", "Follow-up").put("room", "3").put("by", "nurse"),
        new JsonObject().put("text", "Follow-up Tuesday").put("room", "3").put("by", "nurse"),
        new JsonObject().put("text", "Follow-up Thursday").put("room", "5").put("by", "nurse"));
    browser.open(Nodes.url(b));
    String card = "#conflict-list article[data-id='visit-7']";
    browser.waitFor("the conflict", d -> browser.count(card) == 1);
    assertEquals("conflicting", browser.attr(card + " tr[data-field='text']", "class"));
    assertEquals("differs", browser.attr(card + " tr[data-field='room']", "class"), "differs without conflicting");
    assertEquals(null, browser.attr(card + " tr[data-field='by']", "class"));
    assertEquals("On the hub", browser.text(card + " thead th:nth-child(2)"));
    assertEquals("On this site", browser.text(card + " thead th:nth-child(3)"));

    // An expert's broken JSON answers in words, and saves nothing.
    browser.find(card + " button[data-keep='edit']").click();
    browser.js("document.querySelector(arguments[0]).value = arguments[1]", card + " textarea",
        "{\n  \"text\": \"x\"\n  \"room\": \"1\"\n}");
    browser.find(card + " button[data-keep='merged']").click();
    String problem = browser.text(card + " .error-text");
    assertTrue(problem.startsWith("This is not valid JSON near line 3, column"), problem);
    assertFalse(problem.contains("position"), problem);
    browser.find(card + " button[data-keep='edit']").click();

    // Field by field: type a new text, take the hub's room.
    browser.js("const s = document.querySelector(arguments[0]); s.value = 'typed'; s.dispatchEvent(new Event('change'));",
        card + " select[data-choice='text']");
    browser.find(card + " input[data-typed='text']").clear();
    browser.find(card + " input[data-typed='text']").sendKeys("Follow-up Wednesday");
    browser.js("const s = document.querySelector(arguments[0]); s.value = 'hub'; s.dispatchEvent(new Event('change'));",
        card + " select[data-choice='room']");
    browser.js("document.getElementById('conflicts').scrollIntoView()");
    browser.screenshot(IMAGES.resolve("edge-conflict-fields.png"));
    browser.find(card + " button[data-keep='fields']").click();
    browser.waitFor("the conflict to leave the view", d -> browser.count(card) == 0);
    browser.waitFor("the sync that carried it to end", d -> browser.find("#sync-now").isEnabled());

    JsonObject expected = new JsonObject().put("by", "nurse").put("room", "3").put("text", "Follow-up Wednesday");
    Await.until(() -> expected.equals(Nodes.HTTP.get(nodes.hubUrl() + "/api/records/notes/visit-7", Nodes.admin()).json()
        .getJsonObject("data")), "the hub to hold the composed record");
    assertEquals(expected, Nodes.HTTP.get(Nodes.url(b) + "/api/records/notes/visit-7").json().getJsonObject("data"));
  }

  private static int count(String text, String word) {
    return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
  }

  private static CSVRecord row(List<CSVRecord> rows, String id) {
    return rows.stream().filter(r -> id.equals(r.get("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + id + " in " + rows));
  }

  private static List<CSVRecord> csv(String url) {
    return WebViewBrowserIT.csv(url, Map.of());
  }
}
