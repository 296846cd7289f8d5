package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import outpost.edge.EdgeNode;
import outpost.system.fixture.FaultProxy;

/**
 * The link to the hub is silent, so the edge's automatic retries hang until their idle time and fail. A nurse
 * presses Sync now while one runs: the page says her sync is queued behind the retry; the retry fails as it must,
 * the link comes back, and her own run, started right after the retry, completes.
 */
class SyncNowDuringRetryBrowserIT extends BrowserIT {
  @Test
  void syncNowDuringAFailingRetryQueuesAFreshRunThatStartsAfterItAndCompletes() {
    try (FaultProxy link = new FaultProxy(nodes.hub.grpcPort())) {
      link.stall(true);
      EdgeNode edge = nodes.edge("clinic-a", null, json -> {
        json.getJsonArray("hubs").getJsonObject(0).put("address", link.address());
        json.put("idleTimeout", "PT6S");
        json.getJsonObject("schedule").put("backoffInitialSeconds", 1).put("backoffMaxSeconds", 1);
      });
      Nodes.put(edge, "notes", "n1", new JsonObject().put("text", "Generator fuel delivered"));
      browser.open(Nodes.url(edge));
      browser.waitForText("#site", "clinic-a");

      // An automatic retry is running: the button offers a fresh sync after it instead of reading "Syncing…".
      browser.waitFor("a retry running, the button clickable", d -> String.valueOf(browser.text("#sync-message"))
          .startsWith("Sync running (retry)") && browser.find("#sync-now").isEnabled());
      assertEquals("Sync again after this retry", browser.text("#sync-now"));
      String retry = browser.attr("#sync-message", "data-run");
      browser.find("#sync-now").click();

      browser.waitFor("the page to say the sync is queued", d -> !String.valueOf(
          browser.attr("#sync-message", "data-queued")).isEmpty());
      String queued = browser.attr("#sync-message", "data-queued");
      assertNotEquals(retry, queued, "not the retry that started before the click");
      assertEquals("Queued…", browser.text("#sync-now"));
      assertFalse(browser.find("#sync-now").isEnabled());
      assertEquals("Sync running (retry)… Your sync " + queued.substring(0, 8) + " is queued: it starts as soon as this"
          + " retry run ends.", browser.text("#sync-message"));
      JsonObject status = Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/status").json();
      assertEquals(queued, status.getJsonObject("queuedRun").getString("id"), status.encode());
      assertEquals(retry, status.getJsonObject("queuedRun").getString("after"));
      assertEquals("retry", status.getJsonObject("currentRun").getString("trigger"));
      browser.js("document.getElementById('status-panel').scrollIntoView({block: 'start'})");
      browser.screenshot(IMAGES.resolve("edge-sync-now-queued-after-retry.png"));

      // The retry hangs on the silent link until its idle time and fails; then the link comes back.
      JsonObject failed = Nodes.finished(edge, retry);
      link.stall(false);
      assertEquals("FAILED", failed.getString("status"), failed.encode());
      browser.waitFor("the queued run to complete", d -> queued.equals(browser.attr("#sync-message", "data-run"))
          && String.valueOf(browser.text("#sync-message")).startsWith("Sync complete (manual"));
      assertEquals("Sync now", browser.text("#sync-now"));
      JsonObject mine = Nodes.finished(edge, queued);
      assertEquals("manual", mine.getString("trigger"));
      assertEquals("COMPLETE", mine.getString("status"), mine.encode());
      assertTrue(!Instant.parse(mine.getString("startedAt")).isBefore(Instant.parse(failed.getString("finishedAt"))),
          "it started after the retry ended");
      browser.waitForText("#pending-total", "0");
    }
  }
}
