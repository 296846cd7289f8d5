package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import outpost.edge.EdgeNode;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.RunReport;
import outpost.proto.v1.SyncGrpc;
import outpost.system.fixture.Http;

/**
 * The hub view tells an operator which runs the site confirmed (docs/web-view.md, "One status per sync id"): an
 * edge's run reads as the edge ended it; a run no site has reported on is marked "as the hub saw it", and turns
 * into the site's status, with the hub's own beside it, once the site's report arrives — on the open page.
 */
class RunConfirmationBrowserIT extends BrowserIT {

  @Test
  void anUnconfirmedRunIsMarkedAsTheHubSawItUntilTheSiteReportsItsStatus() {
    EdgeNode a = nodes.edge("clinic-a");
    Nodes.put(a, "notes", "n1", new JsonObject().put("text", "a note"));
    JsonObject synced = Nodes.sync(a);
    assertEquals("COMPLETE", synced.getString("status"));

    Http.Answer added = Nodes.HTTP.post(nodes.hubUrl() + "/api/sites", new JsonObject().put("id", "old-edge"),
        Nodes.admin());
    assertEquals(201, added.status(), added.body());
    try (SiteStub stub = new SiteStub(nodes, "old-edge", added.json().getString("token"))) {
      SyncGrpc.SyncBlockingStub site = stub.calls;
      site.pull(PullRequest.newBuilder().setSyncId("old-run").build()).forEachRemaining(b -> { });

      openHub();
      String edgeRun = "#runs-table tr[data-id='" + synced.getString("id") + "'] .run-status";
      String oldRun = "#runs-table tr[data-id='old-run'] .run-status";
      browser.waitFor("both runs", d -> browser.count(edgeRun) == 1 && browser.count(oldRun) == 1);
      browser.waitFor("the edge's report", d -> "true".equals(browser.attr(edgeRun, "data-confirmed")));
      assertEquals(1, browser.count(edgeRun + " .badge.s-COMPLETE"));
      assertEquals(0, browser.count(edgeRun + " .unconfirmed"));
      assertEquals("false", browser.attr(oldRun, "data-confirmed"));
      assertTrue(browser.text(oldRun).contains("as the hub saw it"), browser.text(oldRun));
      String oldSite = "#sites-table tr[data-site='old-edge'] td.last-run";
      assertTrue(browser.text(oldSite).contains("as the hub saw it"), browser.text(oldSite));

      // The site finds, after the pull, that it could not apply what it got: it reports the run FAILED.
      site.reportRun(RunReport.newBuilder().setSyncId("old-run").setStatus("FAILED")
          .setErrorCode("INTEGRATION_ERROR").setErrorMessage("the pulled data could not be applied").build());
      browser.waitFor("the site's status on the open page", d -> "true".equals(browser.attr(oldRun, "data-confirmed"))
          && browser.count(oldRun + " .badge.s-FAILED") == 1);
      assertTrue(browser.text(oldRun).contains("hub saw COMPLETE"), browser.text(oldRun));
      browser.waitFor("the sites table too", d -> browser.count(oldSite + " .badge.s-FAILED") == 1
          && !browser.text(oldSite).contains("as the hub saw it"));
    }
  }
}
