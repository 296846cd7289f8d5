package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import outpost.edge.EdgeNode;
import outpost.hub.store.SiteRecord;
import outpost.system.fixture.Await;

/**
 * The hub view as an operator uses it, with the page left open while edges sync: every panel follows what the
 * store holds without a reload, the sites table shows each site's latest run and its edge's report, a run's
 * detail names its refused and conflicting changes, and the fleet sorts and flags sites.
 */
class HubViewBrowserIT extends BrowserIT {
  private static final long DAY = 86_400_000L;

  @Test
  void everyPanelFollowsConflictsRefusalsAndNewRunsWithoutAReload() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    openHub();
    browser.waitFor("the hub view to match the store", d -> panelsMatchTheStore());
    assertEquals("0", browser.text("#total-conflicts"));
    browser.js("window.__sameTab = true"); // gone if the page were reloaded

    // A conflict between the two edges: b's push collides with a's.
    WebViewBrowserIT.conflict(a, b, "n1", new JsonObject().put("text", "first"),
        new JsonObject().put("text", "from a"), new JsonObject().put("text", "from b"));
    browser.waitFor("the conflict on the open page", d -> "1".equals(browser.text("#total-conflicts"))
        && browser.count("#conflict-list article[data-id='n1']") == 1);
    browser.waitFor("every panel to match the store", d -> panelsMatchTheStore());

    // A change the hub refuses, in a new run of a.
    Nodes.put(a, "gadgets", "g1", new JsonObject().put("text", "the hub has no such collection"));
    JsonObject refused = Nodes.sync(a);
    assertNotEquals("COMPLETE", refused.getString("status"));
    String row = "#runs-table tr[data-id='" + refused.getString("id") + "']";
    browser.waitFor("the new run on the open page", d -> browser.count(row) == 1);
    browser.waitFor("every panel to match the store", d -> panelsMatchTheStore());
    assertEquals(Boolean.TRUE, browser.js("return window.__sameTab === true"), "the page was not reloaded");

    // Each site's last run is the store's latest, with its status.
    for (String site : List.of("clinic-a", "clinic-b")) {
      JsonObject latest = runs("?site=" + site + "&limit=1").getJsonObject(0);
      String cell = "#sites-table tr[data-site='" + site + "'] td.last-run";
      browser.waitFor(site + "'s latest run in the sites table",
          d -> latest.getString("id").equals(browser.attr(cell, "data-run")));
      assertEquals(1, browser.count(cell + " .badge.s-" + latest.getString("status")), site);
    }

    // The refused run's detail names the change, its code and reason.
    browser.find(row).click();
    String item = "#d-items tr[data-collection='gadgets'][data-id='g1']";
    browser.waitFor("the refused item in the run detail", d -> browser.count(item) == 1);
    assertEquals("REJECTED", browser.attr(item, "data-status"));
    assertEquals("NOT_SUPPORTED", browser.text(item + " td:nth-child(5)"));
    assertTrue(browser.text(item + " td.reason").length() > 10, browser.text(item + " td.reason"));
    shoot("hub-run-detail-refused");

    // The conflicting run's detail names the record and the fields both sides changed.
    String conflictRun = runs("?site=clinic-b&collection=notes&operation=push").stream().map(JsonObject.class::cast)
        .filter(r -> r.getLong("conflicts") > 0).findFirst().orElseThrow().getString("id");
    browser.find("#runs-table tr[data-id='" + conflictRun + "']").click();
    String conflictItem = "#d-items tr[data-collection='notes'][data-id='n1']";
    browser.waitFor("the conflicting item in the run detail", d -> browser.count(conflictItem) == 1);
    assertEquals("CONFLICT", browser.attr(conflictItem, "data-status"));
    assertTrue(browser.text(conflictItem + " td.reason").contains("text"), browser.text(conflictItem + " td.reason"));
  }

  @Test
  void runsFilterByCollectionAndOperation() {
    EdgeNode a = nodes.edge("clinic-a");
    Nodes.put(a, "notes", "n1", new JsonObject().put("text", "a note"));
    JsonObject notes = Nodes.sync(a);
    Nodes.put(a, "gadgets", "g1", new JsonObject().put("text", "refused"));
    JsonObject gadgets = Nodes.sync(a);
    openHub();
    browser.waitFor("the runs", d -> browser.count("#runs-table tr[data-id='" + gadgets.getString("id") + "']") == 1);

    browser.find("#r-collection").sendKeys("gadgets");
    browser.find("#run-filters button[type='submit']").click();
    browser.waitFor("only the gadget run", d -> runIds().equals(List.of(gadgets.getString("id"))));
    assertEquals("1 run", browser.text("#runs-count"));

    browser.find("#r-collection").clear();
    browser.find("#r-collection").sendKeys("notes");
    browser.js("document.getElementById('r-operation').value = 'push'");
    browser.find("#run-filters button[type='submit']").click();
    browser.waitFor("only the run that pushed a note", d -> runIds().equals(List.of(notes.getString("id"))));
    List<String> pulledNotes = runs("?collection=notes&operation=pull").stream().map(JsonObject.class::cast)
        .map(r -> r.getString("id")).toList();
    browser.js("document.getElementById('r-operation').value = 'pull'");
    browser.find("#run-filters button[type='submit']").click();
    browser.waitFor("the runs that pulled notes, as the store says", d -> runIds().equals(pulledNotes));
  }

  @Test
  void sitesSortByLagAndErrorsAndSitesNotSeenForADayOrThreeAreFlagged() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    for (String quiet : List.of("clinic-c", "clinic-d")) {
      assertEquals(201, Nodes.HTTP.post(nodes.hubUrl() + "/api/sites", new JsonObject().put("id", quiet), Nodes.admin())
          .status());
    }
    // b falls behind: a writes notes b has not pulled. a keeps a refused change as a failed item, which its
    // next Hello reports.
    for (int i = 0; i < 3; i++) {
      Nodes.put(a, "notes", "lag-" + i, new JsonObject().put("text", "for b to pull"));
    }
    Nodes.put(a, "gadgets", "g1", new JsonObject().put("text", "refused"));
    Nodes.sync(a);
    Nodes.sync(a);
    openHub();
    browser.waitFor("a's report of its failed item", d -> "1".equals(
        browser.text("#sites-table tr[data-site='clinic-a'] td.errors")));

    // Sites that never pulled lag by every record; b by what a wrote since; a by nothing.
    browser.find("#sites-table button[data-sort='lag']").click();
    browser.waitFor("sites by lag, largest first", d -> lags().equals(lags().stream()
        .sorted(java.util.Comparator.reverseOrder()).toList()) && siteIds().indexOf("clinic-b") < siteIds()
        .indexOf("clinic-a"));
    assertTrue(lags().get(siteIds().indexOf("clinic-b")) >= 3, lags().toString());
    assertEquals("desc", browser.attr("#sites-table button[data-sort='lag']", "data-dir"));
    browser.find("#sites-table button[data-sort='errors']").click();
    browser.waitFor("sites by errors, most first", d -> siteIds().get(0).equals("clinic-a"));

    // Last seen two and four days ago, set in the store rather than waited for.
    long now = System.currentTimeMillis();
    seen("clinic-c", now - 2 * DAY);
    seen("clinic-d", now - 4 * DAY);
    String c = "#sites-table tr[data-site='clinic-c']";
    String d = "#sites-table tr[data-site='clinic-d']";
    browser.waitFor("the stale flags", x -> "amber".equals(browser.attr(c, "data-stale"))
        && "red".equals(browser.attr(d, "data-stale")));
    assertEquals("seen age-amber", browser.attr(c + " td.seen", "class"));
    assertEquals("seen age-red", browser.attr(d + " td.seen", "class"));
    assertEquals("ok", browser.attr("#sites-table tr[data-site='clinic-a']", "data-stale"));
    shoot("hub-fleet");
    assertTrue(b.httpPort() > 0);
  }

  // ---- helpers

  /** What the page shows equals what the store answers: conflicts, runs and sites, counts and lists alike. */
  private boolean panelsMatchTheStore() {
    int conflicts = Nodes.HTTP.get(nodes.hubUrl() + "/api/conflicts", Nodes.admin()).json().getJsonArray("items").size();
    List<String> runs = runs("?limit=1000").stream().map(JsonObject.class::cast).map(r -> r.getString("id")).toList();
    int sites = Nodes.HTTP.get(nodes.hubUrl() + "/api/sites", Nodes.admin()).json().getJsonArray("items").size();
    return String.valueOf(conflicts).equals(browser.text("#total-conflicts"))
        && String.valueOf(conflicts).equals(browser.text("#conflict-count"))
        && browser.count("#conflict-list article") == conflicts
        && runIds().equals(runs)
        && (runs.size() + (runs.size() == 1 ? " run" : " runs")).equals(browser.text("#runs-count"))
        && browser.count("#sites-table tbody tr[data-site]") == sites
        && String.valueOf(sites).equals(browser.text("#total-sites"));
  }

  private JsonArray runs(String query) {
    return Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs" + query, Nodes.admin()).json().getJsonArray("items");
  }

  /** The runs table's ids, in its order (newest first). */
  @SuppressWarnings("unchecked")
  private List<String> runIds() {
    return (List<String>) browser.js("return [...document.querySelectorAll('#runs-table tbody tr[data-id]')]"
        + ".map(r => r.dataset.id)");
  }

  /** The Lag column, as numbers, in the table's order. */
  @SuppressWarnings("unchecked")
  private List<Long> lags() {
    return ((List<Object>) browser.js("return [...document.querySelectorAll('#sites-table tbody tr[data-site]')]"
        + ".map(r => Number(r.children[3].textContent))")).stream().map(n -> ((Number) n).longValue()).toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> siteIds() {
    return (List<String>) browser.js("return [...document.querySelectorAll('#sites-table tbody tr[data-site]')]"
        + ".map(r => r.dataset.site)");
  }

  private void seen(String site, long at) {
    SiteRecord record = Await.of(nodes.hub.store().site(site)).orElseThrow();
    Await.of(nodes.hub.store().updateSiteActivity(record.withActivity(at, null, null)));
  }

  private void shoot(String name) {
    Path file = Path.of(System.getProperty("basedir", ".")).resolve("../docs/images/" + name + ".png").normalize();
    browser.viewport(1280, 900);
    browser.viewport(1280, browser.pageHeight());
    browser.screenshot(file);
    browser.resetViewport();
    assertTrue(file.toFile().length() > 10_000, file + " looks empty");
  }
}
