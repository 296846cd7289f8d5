package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven by its chromedriver, headless. Both paths are given, so Selenium Manager never
 * runs (it would try to download a browser). A missing browser fails the test: CI installs it.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  private final ChromeDriverService service;

  Browser(Path profile) {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "the browser tests need "
        + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver (.ci/run does)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-sync", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  int count(String css) {
    return driver.findElements(By.cssSelector(css)).size();
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  Object jsAsync(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  <T> T waitFor(String what, Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, WAIT).withMessage(what).until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out waiting for " + what + "\n" + diagnostics(), e);
    }
  }

  /** What the page showed and logged: attached to a failure so that it explains itself. */
  String diagnostics() {
    StringBuilder out = new StringBuilder("page ").append(driver.getCurrentUrl()).append(":\n");
    try {
      out.append(js("return document.body.innerText")).append("\nbrowser console:\n");
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
      }
    } catch (RuntimeException e) {
      out.append("(no more: ").append(e).append(')');
    }
    return out.toString();
  }

  /** The element's trimmed text, or null when there is none; read in one script (no stale references). */
  String text(String css) {
    return (String) js("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css);
  }

  /** The element's attribute, or null. */
  String attr(String css, String name) {
    return (String) js("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
        css, name);
  }

  /** Waits until the element's text is exactly the given text. */
  void waitForText(String css, String text) {
    waitFor(css + " to read '" + text + "'", d -> text.equals(text(css)));
  }

  /** Makes the page's viewport exactly this size (a phone width is emulated as a mobile screen). */
  void viewport(int width, int height) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
        "deviceScaleFactor", 1, "mobile", width < 600));
  }

  void resetViewport() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** The height of the whole page at the current width. */
  int pageHeight() {
    return ((Number) js("return Math.ceil(document.documentElement.scrollHeight)")).intValue();
  }

  void screenshot(Path file) {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.createDirectories(file.getParent());
      Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
