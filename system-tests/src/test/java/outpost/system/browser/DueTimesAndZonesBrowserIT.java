package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import outpost.edge.EdgeNode;
import outpost.system.fixture.Await;

/**
 * A scheduled run read by a person whose browser is in another zone than the site: when it was due and when it
 * ran, the chart's days, the date filters and the run detail, each in the site's zone with the viewer's clock
 * beside it, compared with the instants the REST API answers.
 */
class DueTimesAndZonesBrowserIT extends BrowserIT {
  static final ZoneId SITE = ZoneId.of("Asia/Kolkata");
  /** The viewer's zone, set in the browser only (CDP), so that it differs from the site's whatever the machine's. */
  static final ZoneId VIEWER = ZoneId.of("America/New_York");
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @AfterEach
  void viewerZoneBack() {
    browser.driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
  }

  @Test
  void aScheduledRunShowsWhenItWasDueAndWhenItRanInTheSitesZoneWithTheViewersClock() {
    EdgeNode edge = nodes.edge("clinic-a");
    browser.driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", VIEWER.getId()));
    browser.open(Nodes.url(edge));
    browser.waitForText("#sched-source", "from the config file");
    assertEquals(VIEWER.getId(), browser.js("return Intl.DateTimeFormat().resolvedOptions().timeZone"));

    // The nurse sets a schedule of every minute from today, in the site's zone, in the settings panel.
    new Select(browser.find("#sched-frequency")).selectByValue("interval");
    type("#sched-intervalMinutes", "1");
    type("#sched-timeZone", SITE.getId());
    browser.js("document.getElementById('sched-startDate').value = arguments[0]", LocalDate.now(SITE).toString());
    browser.find("#sched-save").click();
    browser.waitFor("the saved schedule", d -> String.valueOf(browser.text("#sched-message")).startsWith("Schedule saved."));

    JsonObject run = scheduledRun(edge);
    Instant due = Instant.parse(run.getString("dueAt"));
    Instant ran = Instant.parse(run.getString("startedAt"));
    assertTrue(!ran.isBefore(due), run.encode());

    // The history row: when it ran under Start, when it was due beside its trigger.
    String row = "#history-table tr[data-id='" + run.getString("id") + "']";
    browser.waitFor("the scheduled run in the history", d -> browser.text(row) != null
        && "COMPLETE".equals(browser.attr(row + " .badge", "class").replace("badge s-", "")));
    assertEquals(shown(ran), browser.text(row + " td:nth-child(1)"));
    assertEquals("due " + shown(due), browser.text(row + " td[data-trigger='schedule'] .due"));

    // Its detail: "Was due" and "Ran (started)".
    browser.find(row).click();
    browser.waitForText("#d-id", run.getString("id"));
    assertEquals(shown(due), fact("Was due"));
    assertEquals(shown(ran), fact("Ran (started)"));
    assertEquals(shown(Instant.parse(run.getString("finishedAt"))), fact("Finished").replaceFirst(" \\([^)]*\\)$", ""));
    browser.js("document.getElementById('history').scrollIntoView({block: 'start'})");
    browser.screenshot(IMAGES.resolve("edge-scheduled-run-due-ran.png"));

    // The chart's days and the date filters are days in the site's zone, and say so.
    assertEquals("days in " + SITE.getId(), browser.text("#chart-runs .legend .zone"));
    assertEquals("times in " + SITE.getId(), browser.text("#chart-pending .legend .zone"));
    String note = browser.text("#history-zone");
    assertTrue(note.startsWith("Dates are days in Asia/Kolkata (GMT+5:30), the site's time zone; yours is "
        + "America/New_York (E"), note);
    String today = LocalDate.ofInstant(ran, SITE).toString();
    String bar = "#chart-runs g[data-day='" + today + "']";
    int onChart = Integer.parseInt(browser.attr(bar, "data-total"));
    Instant dayStart = LocalDate.parse(today).atStartOfDay(SITE).toInstant();
    Instant dayEnd = LocalDate.parse(today).plusDays(1).atStartOfDay(SITE).toInstant().minusMillis(1);
    assertEquals(runs(edge, "?limit=1000&from=" + dayStart + "&to=" + dayEnd).size(), onChart,
        "the bar of " + today + " counts the runs of that day in " + SITE);

    browser.js("const f = document.getElementById('f-from'); f.value = arguments[0];"
        + "document.getElementById('f-to').value = arguments[0];", today);
    browser.js("performance.clearResourceTimings()");
    browser.find("#f-apply").click();
    String asked = browser.waitFor("the filtered history request", d -> (String) browser.js(
        "const e = performance.getEntriesByType('resource').map(r => r.name)"
            + ".filter(n => n.includes('/api/sync/runs?') && n.includes('from=')); return e.length ? e[0] : null"));
    assertEquals(List.of(dayStart, dayEnd), List.of(param(asked, "from"), param(asked, "to")),
        "the day " + today + " means midnight to midnight in " + SITE + ": " + asked);
    int listed = runs(edge, "?limit=500&from=" + dayStart + "&to=" + dayEnd).size();
    browser.waitFor("the filtered count", d -> String.valueOf(browser.text("#history-count"))
        .startsWith(listed + (listed == 1 ? " run " : " runs ")));

    // The hub has no site zone: its page shows the viewer's zone, labelled, and says so.
    openHub();
    browser.waitFor("the hub's runs", d -> browser.count("#runs-table tbody tr[data-id]") > 0);
    assertTrue(browser.text("#runs-zone").startsWith("Dates are days in America/New_York (E"), browser.text("#runs-zone"));
    String hubRow = browser.text("#runs-table tbody tr[data-id] td:nth-child(2)");
    assertTrue(hubRow.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d E[SD]T"), hubRow);
    assertEquals("days in " + VIEWER.getId(), browser.text("#chart-runs .legend .zone"));
  }

  // ---- reading the page and the node

  /** As the page writes an instant: in the site's zone with its name, then the viewer's clock when it differs. */
  static String shown(Instant t) {
    ZonedDateTime site = t.atZone(SITE);
    ZonedDateTime viewer = t.atZone(VIEWER);
    return site.format(DAY_TIME) + " GMT+5:30 (" + (viewer.toLocalDate().equals(site.toLocalDate()) ? ""
        : viewer.format(DateTimeFormatter.ofPattern("MM-dd "))) + viewer.format(DateTimeFormatter.ofPattern("HH:mm"))
        + " your time)";
  }

  /** The run detail's value for a label of its summary. */
  private static String fact(String label) {
    return (String) browser.js("const dt = [...document.querySelectorAll('#pane-summary dt')]"
        + ".find(d => d.textContent === arguments[0]); return dt ? dt.nextElementSibling.textContent : null", label);
  }

  /** Waits (up to two due times of a one-minute schedule) for the first finished run with the trigger schedule. */
  private static JsonObject scheduledRun(EdgeNode edge) {
    JsonObject[] found = new JsonObject[1];
    if (Await.upTo(() -> (found[0] = runs(edge, "?limit=100").stream()
        .filter(r -> "schedule".equals(r.getString("trigger")) && r.getString("finishedAt") != null)
        .findFirst().orElse(null)) != null, Duration.ofSeconds(150), Duration.ofMillis(200))) {
      return found[0];
    }
    throw new AssertionError("no scheduled run within 150 s: " + runs(edge, "?limit=100"));
  }

  private static List<JsonObject> runs(EdgeNode edge, String query) {
    return Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/runs" + query, Nodes.auth(edge)).json().getJsonArray("items")
        .stream().map(JsonObject.class::cast).toList();
  }

  /** An instant parameter of a URL the page requested. */
  private static Instant param(String url, String name) {
    for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
      if (pair.startsWith(name + "=")) {
        return Instant.parse(java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
      }
    }
    throw new AssertionError("no " + name + " in " + url);
  }

  private static void type(String css, String text) {
    browser.find(css).clear();
    browser.find(css).sendKeys(text);
  }
}
