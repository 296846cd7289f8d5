package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import outpost.edge.EdgeNode;
import outpost.hub.server.HubServer;
import outpost.system.fixture.Await;

/**
 * An operator keeps the hub view open while the hub goes down and comes back: the page says in one sentence, with
 * its code and hint, since when it could not update, keeps what it showed, and follows the edges again once the
 * hub is back, without a reload.
 */
class HubDownAndBackBrowserIT extends BrowserIT {
  @Test
  void theHubViewSaysSinceWhenItCouldNotUpdateAndCatchesUpWhenTheHubIsBack() {
    EdgeNode edge = nodes.edge("clinic-a");
    openHub();
    browser.waitFor("a first update", d -> String.valueOf(browser.text("#refreshed")).startsWith("Updated "));
    String sites = browser.text("#total-sites");
    int runs = Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?limit=1000", Nodes.admin()).json().getJsonArray("items").size();
    browser.waitForText("#runs-count", runs + (runs == 1 ? " run" : " runs"));

    String hubUrl = nodes.hubUrl();
    int port = nodes.hub.httpPort();
    int grpcPort = nodes.hub.grpcPort();
    Await.of(nodes.hub.stop());
    browser.waitFor("the page to say it cannot update", d -> String.valueOf(browser.text("#refreshed"))
        .startsWith("Not updated since "));
    String said = browser.text("#refreshed");
    assertTrue(said.matches("Not updated since \\d\\d:\\d\\d:\\d\\d \\S+.*\\. CONNECTION_ERROR: This page could not"
        + " reach its node\\. Check that the node is running and that this device is on its network; the page tries"
        + " again\\."), said);
    assertEquals(1, said.split("CONNECTION_ERROR", -1).length - 1, "the code once: " + said);
    assertEquals(sites, browser.text("#total-sites"), "the panels keep what they showed");
    assertEquals(runs + (runs == 1 ? " run" : " runs"), browser.text("#runs-count"));
    browser.screenshot(IMAGES.resolve("hub-down.png"));

    HubServer back = Nodes.hub(tmp, port, grpcPort).start();
    try {
      browser.waitFor("the page to update again", d -> String.valueOf(browser.text("#refreshed")).startsWith("Updated "));
      assertEquals("muted", browser.attr("#refreshed", "class"));
      // The edge's next sync reaches the hub on its old address; the view shows that run without a reload.
      JsonObject run = Nodes.sync(edge);
      assertEquals("COMPLETE", run.getString("status"), run.encode());
      int now = Nodes.HTTP.get(hubUrl + "/api/sync/runs?limit=1000", Nodes.admin()).json().getJsonArray("items")
          .size();
      assertEquals(runs + 1, now);
      browser.waitForText("#runs-count", now + " runs");
    } finally {
      Await.of(back.stop());
      OpenApiDoc.stoppedAt(port);
    }
  }
}
