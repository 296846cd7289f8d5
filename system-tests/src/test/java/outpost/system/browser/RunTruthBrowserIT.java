package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import outpost.edge.EdgeNode;
import outpost.system.fixture.Http;

/**
 * What the edge view says about runs, read as a nurse reads it after clicking, and compared with the node's own
 * records (GET /api/collections, /api/sync/runs): each collection's own status and queue, retries with their own
 * trigger and reason, a button that agrees with the run, and a never-synced edge that says so. The screenshots
 * of docs/web-view.md's run sections come from here.
 */
class RunTruthBrowserIT extends BrowserIT {
  /** Short retries, so that a test sees them. */
  static JsonObject quickRetries() {
    return new JsonObject().put("backoffInitialSeconds", 2).put("backoffMaxSeconds", 4);
  }

  @Test
  void eachCollectionShowsItsOwnOutcomeAndQueue() {
    EdgeNode edge = nodes.edge("clinic-a", null, quickRetries(), null);
    // The nurse writes a note and a record of a collection the hub does not take, and syncs.
    Nodes.put(edge, "notes", "n1", new JsonObject().put("text", "Water pump repaired"));
    Nodes.put(edge, "gadgets", "scale-1", new JsonObject().put("kg", 71.5));
    browser.open(Nodes.url(edge));
    browser.waitForText("#pending-total", "2");
    browser.find("#sync-now").click();
    browser.waitFor("the run to end PARTIAL", d -> "PARTIAL".equals(browser.attr("#run-status", "data-status"))
        && browser.find("#sync-now").isEnabled());

    // The push under the PARTIAL badge is not a green COMPLETE.
    assertEquals("PARTIAL", browser.attr("#stepper [data-hub='central'] [data-step='push']", "data-state"));
    // Each collection from its own outcome: the refusal is gadgets', not notes'.
    browser.waitFor("the collections table", d -> "PARTIAL".equals(status("gadgets")));
    Map<String, JsonObject> truth = collections(edge);
    for (String c : List.of("notes", "patients", "items", "gadgets")) {
      assertEquals(truth.get(c).getString("currentStatus"), status(c), c + " on the page vs the node");
    }
    assertEquals("COMPLETE", status("notes"), "a refusal in gadgets must not mark notes PARTIAL");
    assertEquals("COMPLETE", status("items"), "items was synced (nothing to move), not 'not synced'");
    assertNotEquals("never", browser.text("#collections-table tr[data-collection='items'] td:nth-child(5)"));

    // Two notes and a patient wait: each row shows its own count, not the hub's total.
    Nodes.put(edge, "notes", "n2", new JsonObject().put("text", "Generator serviced"));
    Nodes.put(edge, "notes", "n3", new JsonObject().put("text", "Fridge at 4 °C"));
    Nodes.put(edge, "patients", "p1", new JsonObject().put("name", "Patient 1"));
    browser.open(Nodes.url(edge));
    browser.waitFor("the queues per collection", d -> "2".equals(waiting("notes")) && "1".equals(waiting("patients")));
    assertEquals("0", waiting("items"));
    truth = collections(edge);
    assertEquals(2L, truth.get("notes").getLong("pending"));
    assertEquals(1L, truth.get("patients").getLong("pending"));
    shoot("#collections", "edge-collections-own-status.png");
  }

  @Test
  void aHubThatRefusesTheSiteFailsEveryCollectionAndRetriesCarryTheirOwnTrigger() {
    EdgeNode edge = nodes.edge("clinic-a", null, quickRetries(), null);
    Nodes.put(edge, "notes", "n1", new JsonObject().put("text", "before the outage"));
    browser.open(Nodes.url(edge));
    browser.waitForText("#site", "clinic-a");
    // Record every (message, button) pair the page shows from now on.
    recordMessageAndButton();
    Http.Answer disabled = Nodes.HTTP.post(nodes.hubUrl() + "/api/sites/clinic-a/disable", new JsonObject(),
        Nodes.admin());
    assertEquals(200, disabled.status(), disabled.body());

    browser.find("#sync-now").click(); // one click
    browser.waitFor("the next retry with its reason", d -> !hidden("#next-retry")
        && String.valueOf(browser.text("#next-retry")).contains("AUTH_ERROR"));
    String retryLine = browser.text("#next-retry");
    assertTrue(retryLine.contains("Next automatic retry") || retryLine.contains("retry"), retryLine);
    JsonObject status = Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/status").json();
    JsonObject nextRetry = status.getJsonObject("nextRetry");
    assertTrue(nextRetry != null && nextRetry.getString("reason").contains("AUTH_ERROR"), status.encode());

    // Every collection routed to the hub that refused the run is FAILED, not green.
    browser.waitFor("a retry run in the history", d -> triggers(edge).contains("retry"));
    browser.open(Nodes.url(edge));
    browser.waitFor("the collections to read FAILED", d -> "FAILED".equals(status("notes")));
    Map<String, JsonObject> truth = collections(edge);
    for (String c : List.of("notes", "patients", "items")) {
      assertEquals("FAILED", truth.get(c).getString("currentStatus"), c);
      assertEquals("FAILED", status(c), c + " on the page");
    }
    browser.waitFor("the retry line", d -> !hidden("#next-retry"));
    shoot("#status-panel", "edge-retry-after-failure.png");

    // One click was one manual run; the rest are retries; no start-up run beyond the node's first.
    List<String> triggers = triggers(edge);
    assertEquals(1, triggers.stream().filter("manual"::equals).count(), triggers.toString());
    assertEquals(1, triggers.stream().filter("startup"::equals).count(), triggers.toString());

    // The hub takes the site back: the next retry completes, the retry line goes, collections are COMPLETE.
    assertEquals(200, Nodes.HTTP.post(nodes.hubUrl() + "/api/sites/clinic-a/enable", new JsonObject(), Nodes.admin())
        .status());
    browser.open(Nodes.url(edge));
    browser.waitFor("a complete run", d -> "COMPLETE".equals(browser.attr("#run-status", "data-status"))
        && hidden("#next-retry"));
    browser.waitFor("notes COMPLETE again", d -> "COMPLETE".equals(status("notes")));
    assertEquals("Sync now", browser.text("#sync-now"));
    assertTrue(browser.text("#sync-message").startsWith("Sync complete (retry"), browser.text("#sync-message"));
  }

  @Test
  void theButtonNeverReadsSyncingNextToAFailedRun() {
    EdgeNode edge = nodes.edge("clinic-a", null, quickRetries(), null);
    browser.open(Nodes.url(edge));
    browser.waitForText("#site", "clinic-a");
    recordMessageAndButton();
    assertEquals(200, Nodes.HTTP.post(nodes.hubUrl() + "/api/sites/clinic-a/disable", new JsonObject(), Nodes.admin())
        .status());
    browser.find("#sync-now").click();
    browser.waitFor("two failed runs and a retry", d -> triggers(edge).stream().filter("retry"::equals).count() >= 2);
    @SuppressWarnings("unchecked")
    List<String> pairs = (List<String>) browser.js("return window.__pairs");
    assertFalse(pairs.isEmpty());
    for (String pair : pairs) {
      assertFalse(pair.contains("failed") && pair.endsWith("|Syncing…"), "button and message disagree: " + pair);
      assertFalse(pair.contains("running") && pair.endsWith("|Sync now"), "button and message disagree: " + pair);
    }
    assertTrue(pairs.stream().anyMatch(p -> p.startsWith("Sync running (retry)")), pairs.toString());
  }

  @Test
  void anEdgeThatNeverReachedItsHubSaysSoAndChartsWhatWasWaiting() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens there once closed
    }
    EdgeNode edge = nodes.edge("clinic-z", null, quickRetries(), "127.0.0.1:" + closed);
    browser.open(Nodes.url(edge));
    browser.waitForText("#site", "clinic-z");
    browser.waitFor("a sentence instead of an empty table", d -> String.valueOf(
        browser.text("#collections-table tbody")).startsWith("No collections yet"));
    assertEquals(0, browser.count("#collections-table tbody tr[data-collection]"));

    Nodes.put(edge, "notes", "n1", new JsonObject().put("text", "waiting"));
    browser.open(Nodes.url(edge));
    browser.waitForText("#pending-total", "1");
    browser.find("#sync-now").click();
    browser.waitFor("a run that failed with the note waiting", d -> Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/runs")
        .json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(r -> "FAILED".equals(r.getString("status")) && r.getJsonArray("hubs").getJsonObject(0)
            .getLong("pendingAtStart") == 1L));
    browser.open(Nodes.url(edge));
    browser.waitFor("the pending chart to plot the 1 waiting", d -> ((Number) browser.js(
        "return [...document.querySelectorAll('#chart-pending title')]"
            + ".filter(t => t.textContent.endsWith(': 1 waiting')).length")).intValue() > 0);
    shoot("#collections", "edge-never-synced-collections.png");
    shoot("#summary", "edge-never-synced-pending-chart.png");
  }

  // ---- reading the page and the node

  /** A picture of one section of the page for docs/web-view.md. */
  private static void shoot(String css, String name) {
    browser.js("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", css);
    java.io.File shot = browser.find(css).getScreenshotAs(org.openqa.selenium.OutputType.FILE);
    try {
      java.nio.file.Files.createDirectories(IMAGES);
      java.nio.file.Files.copy(shot.toPath(), IMAGES.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** From now on, every (message, button text) pair the status panel shows goes into window.__pairs. */
  private static void recordMessageAndButton() {
    browser.js("window.__pairs = [];"
        + "new MutationObserver(() => window.__pairs.push(document.getElementById('sync-message').textContent"
        + "  + '|' + document.getElementById('sync-now').textContent))"
        + ".observe(document.getElementById('status-panel'), {subtree: true, childList: true, characterData: true});");
  }

  private static String status(String collection) {
    String row = "#collections-table tr[data-collection='" + collection + "']";
    String badge = browser.text(row + " td:nth-child(4) .badge");
    return badge == null ? null : badge.split(" ")[0];
  }

  private static String waiting(String collection) {
    return browser.text("#collections-table tr[data-collection='" + collection + "'] td[data-kind='pending']");
  }

  private static Map<String, JsonObject> collections(EdgeNode edge) {
    JsonArray items = Nodes.HTTP.get(Nodes.url(edge) + "/api/collections").json().getJsonArray("items");
    return items.stream().map(JsonObject.class::cast).collect(Collectors.toMap(c -> c.getString("name"), c -> c));
  }

  private static List<String> triggers(EdgeNode edge) {
    return Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/runs?limit=100").json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).map(r -> r.getString("trigger")).toList();
  }
}
