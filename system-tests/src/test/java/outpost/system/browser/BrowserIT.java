package outpost.system.browser;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** One headless Chromium per test class, a fresh hub for each test, and the steps every view test shares. */
abstract class BrowserIT {
  /** Where the screenshots of docs/web-view.md go. */
  static final Path IMAGES = Path.of(System.getProperty("basedir", ".")).resolve("../docs/images").normalize();

  @TempDir
  static Path profile;
  static Browser browser;

  @TempDir
  Path tmp;
  Nodes nodes;

  @BeforeAll
  static void startBrowser() {
    browser = new Browser(profile);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void startHub() {
    nodes = new Nodes(tmp);
    browser.resetViewport();
  }

  @AfterEach
  void stopNodes() {
    nodes.close();
  }

  /** Opens the hub view, giving the admin token to its gate when the tab does not hold it yet. */
  void openHub() {
    openHub(browser, nodes);
  }

  static void openHub(Browser browser, Nodes nodes) {
    browser.open(nodes.hubUrl() + "/");
    browser.waitFor("the hub view or its token gate", d -> !hidden(browser, "#app") || !hidden(browser, "#token-gate"));
    if (!hidden(browser, "#token-gate")) {
      browser.find("#token-input").sendKeys(Nodes.ADMIN_TOKEN);
      browser.find("#token-form button").click();
    }
    browser.waitFor("the hub view to load", d -> !hidden(browser, "#app")
        && !"–".equals(browser.text("#total-sites")));
  }

  boolean hidden(String css) {
    return hidden(browser, css);
  }

  static boolean hidden(Browser browser, String css) {
    return browser.attr(css, "hidden") != null;
  }
}
