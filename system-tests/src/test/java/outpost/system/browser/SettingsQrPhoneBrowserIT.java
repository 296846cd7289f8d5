package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import outpost.edge.EdgeNode;

/**
 * A person's steps on the schedule panel, the QR code and a 360 px phone, in headless Chromium against
 * real nodes; the screenshots of docs/web-view.md for these states are taken here.
 */
class SettingsQrPhoneBrowserIT extends BrowserIT {
  @Test
  void changingTheScheduleInThePanelMovesTheNextDueTimeOnThePageAndABadFieldIsMarked() {
    EdgeNode edge = nodes.edge("clinic-a");
    browser.open(Nodes.url(edge));
    browser.waitForText("#sched-source", "from the config file");
    // The config file says daily at 03:00 UTC.
    browser.waitFor("the next due time", d -> String.valueOf(browser.text("#next-due")).contains("03:00:00 UTC"));

    new Select(browser.find("#sched-frequency")).selectByValue("daily");
    new Select(browser.find("#sched-syncHour")).selectByVisibleText("21:00");
    type("#sched-timeZone", "Asia/Kolkata");
    browser.find("#sched-save").click();
    browser.waitFor("the saved schedule", d -> String.valueOf(browser.text("#sched-message")).startsWith("Schedule saved."));
    assertEquals("set here", browser.text("#sched-source"));
    // The page now reads its times in the site's new zone, with the viewer's clock where it differs.
    browser.waitFor("the next due time at 21:00 in Kolkata", d -> String.valueOf(browser.text("#next-due"))
        .contains("21:00:00 GMT+5:30"));
    String due = Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/status").json().getString("nextDue");
    assertEquals(21, Instant.parse(due).atZone(ZoneId.of("Asia/Kolkata")).getHour(), due);
    boolean viewerElsewhere = ZoneId.systemDefault().getRules().getOffset(Instant.parse(due)).getTotalSeconds()
        != 5 * 3600 + 1800;
    assertEquals(viewerElsewhere, browser.text("#next-due").contains("your time)"), browser.text("#next-due"));
    browser.js("document.getElementById('schedule-settings').scrollIntoView()");
    save("edge-schedule.png");

    type("#sched-timeZone", "Mars/Olympus_Mons");
    browser.find("#sched-save").click();
    browser.waitFor("the field's error", d -> String.valueOf(browser.text("#sched-error-timeZone"))
        .startsWith("schedule.timeZone is not a known time zone"));
    assertEquals("true", browser.attr("#sched-timeZone", "aria-invalid"));
    assertEquals("Not saved: check timeZone.", browser.text("#sched-message"));
    assertEquals(due, Nodes.HTTP.get(Nodes.url(edge) + "/api/sync/status").json().getString("nextDue"), "nothing changed");
    browser.js("document.getElementById('schedule-settings').scrollIntoView()");
    save("edge-schedule-error.png");

    browser.open(Nodes.url(edge));
    browser.waitForText("#sched-source", "set here");
    assertEquals("Asia/Kolkata", browser.find("#sched-timeZone").getAttribute("value"));
    browser.find("#sched-reset").click();
    browser.waitForText("#sched-source", "from the config file");
    browser.waitFor("the file's due time again", d -> String.valueOf(browser.text("#next-due")).contains("03:00:00 UTC"));
  }

  @Test
  void theQrCodeEncodesThePublicUrlAndEnlargesAndWithoutOneThePageSaysWhy() {
    EdgeNode edge = nodes.edge("clinic-a");
    browser.open(Nodes.url(edge));
    browser.waitFor("the QR code", d -> browser.find("#qr-open").isDisplayed());
    assertEquals("https://clinic-a.clinic.example/", browser.text("#public-url"));
    String svg = Nodes.HTTP.get(Nodes.url(edge) + "/api/node/qr.svg").body();
    assertEquals("data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(
        java.nio.charset.StandardCharsets.UTF_8)), browser.attr("#qr", "src"), "the page shows the node's code");
    assertTrue(browser.attr("#qr-missing", "hidden") != null);

    browser.find("#qr-open").click();
    browser.waitFor("the enlarged code", d -> browser.find("#qr-overlay").isDisplayed());
    long width = ((Number) browser.js("return document.getElementById('qr-large').getBoundingClientRect().width"))
        .longValue();
    assertTrue(width >= 300, "enlarged to " + width + " px");
    assertEquals("https://clinic-a.clinic.example/", browser.text("#qr-large-url"));
    save("edge-qr-enlarged.png");
    browser.find("#qr-close").click();
    browser.waitFor("the overlay to close", d -> !browser.find("#qr-overlay").isDisplayed());

    EdgeNode plain = nodes.edge("clinic-b", null, json -> json.remove("publicUrl"));
    browser.open(Nodes.url(plain));
    browser.waitFor("the reason for no QR code", d -> browser.find("#qr-missing").isDisplayed());
    assertTrue(browser.text("#qr-missing").startsWith("No QR code: this node listens only on 127.0.0.1"),
        browser.text("#qr-missing"));
    assertTrue(!browser.find("#qr-open").isDisplayed(), "no code is shown");
    browser.viewport(390, 844);
    browser.js("window.scrollTo(0, 0)");
    save("edge-qr-missing-phone.png");
  }

  @Test
  void bothViewsFitA360PixelPhoneWithTheirTablesFilled() {
    EdgeNode a = nodes.edge("clinic-a");
    EdgeNode b = nodes.edge("clinic-b");
    for (int i = 0; i < 3; i++) {
      Nodes.put(b, "patients", "p" + i, new JsonObject().put("name", "Patient " + i));
    }
    Nodes.sync(b);
    WebViewBrowserIT.conflict(a, b, "visit-7", new JsonObject().put("text", "Follow-up"),
        new JsonObject().put("text", "Follow-up on Tuesday"), new JsonObject().put("text", "Follow-up on Thursday"));
    Nodes.put(b, "gadgets", "scale-1", new JsonObject().put("kg", 71.5));
    Nodes.sync(b);

    browser.viewport(360, 780);
    browser.open(Nodes.url(b));
    browser.waitFor("the history and collections", d -> browser.count("#history-table tbody tr[data-id]") >= 4
        && browser.count("#collections-table tbody tr[data-collection]") >= 2
        && browser.count("#history-table tbody td[data-label]") > 0);
    assertFits("edge view");
    String partial = browser.attr("#history-table tbody tr[data-id]", "data-id");
    browser.find("#history-table tr[data-id='" + partial + "']").click();
    browser.waitFor("the run detail", d -> partial.equals(browser.text("#d-id")));
    assertFits("edge view with a run's detail");
    browser.js("window.scrollTo(0, document.getElementById('history').offsetTop)");
    save("edge-phone-360.png");

    openHub();
    browser.waitFor("the hub's lists", d -> browser.count("#sites-table tbody tr[data-site]") == 2
        && browser.count("#runs-table tbody tr") >= 4 && browser.count("#sites-table tbody td[data-label]") > 0);
    assertFits("hub view");
    browser.js("window.scrollTo(0, document.getElementById('sites-table').getBoundingClientRect().top"
        + " + window.scrollY - 60)");
    save("hub-phone-360.png");
  }

  /** No sideways scrolling, every shown badge whole inside the page, dates on at most two lines. */
  private void assertFits(String view) {
    @SuppressWarnings("unchecked")
    List<Object> problems = (List<Object>) browser.js("""
        const out = [];
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth) out.push('page scrolls sideways: ' + root.scrollWidth + ' > '
          + root.clientWidth);
        for (const e of document.querySelectorAll('main *')) {
          const r = e.getBoundingClientRect();
          if (r.width && r.right > root.clientWidth + 0.5) out.push('sticks out: ' + e.tagName + '#' + e.id + '.'
            + e.className + ' right ' + Math.round(r.right));
          if (out.length > 8) break;
        }
        for (const b of document.querySelectorAll('.badge')) {
          if (!b.offsetParent) continue;
          const r = b.getBoundingClientRect();
          if (b.scrollWidth > b.clientWidth + 1 || r.left < 0 || r.right > root.clientWidth)
            out.push('badge cut: ' + b.textContent);
          for (let p = b.parentElement; p; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (s.overflowX === 'visible') continue;
            const pr = p.getBoundingClientRect();
            if (r.left < pr.left - 0.5 || r.right > pr.right + 0.5) out.push('badge clipped: ' + b.textContent);
          }
        }
        for (const td of document.querySelectorAll('#history-table td[data-label="Start"], #runs-table td')) {
          if (!/\\d\\d:\\d\\d:\\d\\d/.test(td.textContent)) continue;
          const lines = td.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight);
          if (lines > 2.5) out.push('date on ' + lines.toFixed(1) + ' lines: ' + td.textContent);
        }
        return out;""");
    assertTrue(problems.isEmpty(), view + " at 360 px: " + problems + "\n" + browser.diagnostics());
  }

  private void type(String css, String text) {
    WebElement input = browser.find(css);
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(text);
  }

  private void save(String name) {
    Path file = IMAGES.resolve(name);
    browser.screenshot(file);
    assertTrue(file.toFile().length() > 5_000, file + " looks empty");
  }
}
