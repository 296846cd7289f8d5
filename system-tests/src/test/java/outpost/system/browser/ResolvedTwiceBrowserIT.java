package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import outpost.edge.EdgeNode;

/**
 * Two people resolve one conflict differently (docs/conflicts.md, "Two resolutions"), in headless Chromium against
 * a real hub and real edges: "keep local" on the hub view, then "keep hub" on the edge view that still shows the
 * card. The edge page must not say the sync completed over a dropped choice: the run is partial and the card comes
 * back with both choices, as the stores hold them.
 */
class ResolvedTwiceBrowserIT extends BrowserIT {
  @Test
  void keepHubOnTheEdgeAfterKeepLocalOnTheHubIsFlaggedAgainWithBothChoices() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    WebViewBrowserIT.conflict(a, b, "n1", new JsonObject().put("text", "first"),
        new JsonObject().put("text", "from a"), new JsonObject().put("text", "from b"));
    String card = "#conflict-list article[data-collection='notes'][data-id='n1']";

    // On the hub, a person keeps clinic-b's proposal.
    openHub();
    browser.waitFor("the conflict on the hub", d -> browser.count(card) == 1);
    browser.find(card + " button[data-keep='local']").click();
    browser.waitFor("the conflict to leave the hub view", d -> browser.count(card) == 0);
    assertEquals("from b", hubRecord().getJsonObject("data").getString("text"));

    // On clinic-b, which has not synced since, another person still sees the card and keeps the hub's value.
    browser.open(Nodes.url(b));
    browser.waitFor("the card on the edge", d -> browser.count(card) == 1);
    assertEquals("from a", browser.text(card + " tr[data-field='text'] td:nth-child(2)"));
    browser.find(card + " button[data-keep='hub']").click();

    browser.waitFor("the sync that carried the second choice to end", d -> browser.find("#sync-now").isEnabled()
        && browser.text("#sync-message").startsWith("Sync ") && !browser.text("#sync-message").contains("running"));
    assertTrue(browser.text("#sync-message").startsWith("Sync partial ("), browser.diagnostics());
    browser.waitFor("the card to come back with both choices", d -> browser.count(card + " .resolved-twice") == 1);
    assertEquals("1", browser.text("#conflict-count"));
    assertEquals("from b", browser.text(card + " tr[data-field='text'] td:nth-child(2)"), "the choice in force");
    assertEquals("from a", browser.text(card + " tr[data-field='text'] td:nth-child(3)"), "this site's later choice");
    String note = browser.text(card + " .resolved-twice");
    assertTrue(note.contains("keep hub"), note);

    // The stores say the same: the hub kept the first choice, flagged the record, and holds clinic-b's second.
    JsonObject onHub = hubRecord();
    assertEquals("from b", onHub.getJsonObject("data").getString("text"));
    assertEquals(true, onHub.getBoolean("inConflict"));
    JsonArray hubConflicts = Nodes.HTTP.get(nodes.hubUrl() + "/api/conflicts", Nodes.admin()).json().getJsonArray("items");
    assertEquals(1, hubConflicts.size(), hubConflicts.encode());
    JsonObject entry = hubConflicts.getJsonObject(0);
    assertEquals("clinic-b", entry.getString("site"));
    assertEquals("from a", entry.getJsonObject("local").getJsonObject("data").getString("text"));
    assertNotNull(entry.getJsonObject("resolvedTwice"), entry.encode());
    JsonObject onEdge = Nodes.HTTP.get(Nodes.url(b) + "/api/records/notes/n1").json();
    assertEquals("conflict", onEdge.getJsonObject("sync").getString("state"));

    // Deciding again on the edge settles it everywhere.
    browser.find(card + " button[data-keep='local']").click();
    browser.waitFor("the card to leave the edge view", d -> browser.count(card) == 0
        && "0".equals(browser.text("#conflict-count")));
    browser.waitFor("the run to end", d -> browser.text("#sync-message").startsWith("Sync complete ("));
    assertEquals("from a", hubRecord().getJsonObject("data").getString("text"));
    assertEquals(false, hubRecord().getBoolean("inConflict"));
  }

  private JsonObject hubRecord() {
    return Nodes.HTTP.get(nodes.hubUrl() + "/api/records/notes/n1", Nodes.admin()).json();
  }
}
