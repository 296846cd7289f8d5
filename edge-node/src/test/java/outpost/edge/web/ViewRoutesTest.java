package outpost.edge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.edge.config.ConfigException;
import outpost.edge.config.EdgeConfig;
import outpost.edge.run.CollectionOutcome;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.schedule.Trigger;
import outpost.edge.store.RunHistory;

/** GET / and its files, GET /api/node with its QR code, and the per-collection status of /api/collections. */
class ViewRoutesTest {
  static final String PUBLIC_URL = "https://clinic-a.example.org/outpost/";
  @TempDir
  Path dir;
  EdgeNode node;
  Http http;

  @BeforeEach
  void start() {
    EdgeConfig config = EdgeConfig.fromJson(new JsonObject().put("site", "clinic-a").put("data", dir.toString())
        .put("httpPort", 0).put("staleAmberHours", 12).put("staleRedHours", 48).put("publicUrl", PUBLIC_URL)
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "127.0.0.1:1")
            .put("token", "t").put("collections", new JsonArray().add("notes")))));
    node = new EdgeNode(config, null);
    node.start().await();
    http = new Http(node.url());
  }

  @AfterEach
  void stop() {
    node.stop().await();
  }

  @Test
  void pageAndItsFilesAreServedUnderAPolicyThatAllowsNoOtherSource() {
    Http.Answer page = http.get("/");
    assertEquals(200, page.status());
    assertTrue(page.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("/view/edge.js"), "the page loads its script");
    assertEquals("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
        page.raw().headers().firstValue("Content-Security-Policy").orElse(""));
    for (String file : List.of("/view/edge.js", "/view/common.js", "/view/app.css")) {
      assertEquals(200, http.get(file).status(), file);
    }
    assertEquals(404, http.get("/view/missing.js").status());
    assertEquals(404, http.get("/view/../logback.xml").status(), "nothing outside the webroot");
  }

  @Test
  void nodeDescribesItselfAndItsQrCodeReadsAsItsPublicUrl() throws Exception {
    JsonObject about = http.get("/api/node").json();
    assertEquals("clinic-a", about.getString("site"));
    assertEquals(node.url() + "/", about.getString("url"));
    assertEquals(12, about.getInteger("staleAmberHours"));
    assertEquals(48, about.getInteger("staleRedHours"));
    assertEquals(new JsonObject().put("name", "central").put("address", "127.0.0.1:1")
        .put("collections", new JsonArray().add("notes")), about.getJsonArray("hubs").getJsonObject(0));
    assertEquals(false, about.getBoolean("tokenRequired"));
    assertTrue(about.getJsonObject("hints").getString("CONFLICT").contains("Conflicts"));

    Http.Answer qr = http.get("/api/node/qr.svg");
    assertEquals(200, qr.status());
    assertEquals("image/svg+xml", qr.raw().headers().firstValue("Content-Type").orElse(""));
    assertEquals(PUBLIC_URL, about.getString("publicUrl"));
    assertEquals(null, about.getValue("qrMissing"));
    assertEquals(PUBLIC_URL, decode(qr.body()));
  }

  @Test
  void withoutAPublicUrlThereIsNoQrCodeAndTheNodeSaysWhy() {
    node.stop().await();
    node = new EdgeNode(EdgeConfig.fromJson(new JsonObject().put("site", "clinic-a").put("data", dir.toString())
        .put("httpPort", 0)), null);
    node.start().await();
    http = new Http(node.url());
    JsonObject about = http.get("/api/node").json();
    assertEquals(null, about.getValue("publicUrl"));
    assertTrue(about.getString("qrMissing").contains("listens only on 127.0.0.1"), about.encode());
    Http.Answer qr = http.get("/api/node/qr.svg");
    assertEquals(404, qr.status());
    assertEquals(about.getString("qrMissing"), qr.json().getString("message"));
  }

  @Test
  void aPublicUrlThatIsNotHttpStopsTheConfigNamingTheField() {
    for (String bad : List.of("ftp://clinic-a/", "clinic-a.example.org", "https://", "http://user:pw@clinic-a/")) {
      ConfigException e = assertThrows(ConfigException.class, () -> EdgeConfig.fromJson(new JsonObject()
          .put("site", "clinic-a").put("publicUrl", bad)), bad);
      assertEquals("publicUrl", e.field());
      assertTrue(e.getMessage().startsWith("publicUrl must be an http:// or https:// URL"), e.getMessage());
    }
  }

  @Test
  void collectionsCarryTheirLastSyncStatus() {
    RunResult run = new RunResult("run-1", Trigger.MANUAL, RunStatus.COMPLETE, Instant.parse("2026-11-24T10:00:00Z"),
        Instant.parse("2026-11-24T10:00:01Z"), null, List.of(), List.of(), List.of(),
        List.of(new CollectionOutcome("notes", "central", RunStatus.COMPLETE)), null, List.of());
    new RunHistory(node.store()).save(run).await();
    JsonObject notes = http.get("/api/collections").json().getJsonArray("items").getJsonObject(0);
    assertEquals("notes", notes.getString("name"));
    assertEquals("central", notes.getString("hub"));
    assertEquals("COMPLETE", notes.getString("currentStatus"));
    assertEquals("2026-11-24T10:00:01Z", notes.getString("lastSuccessfulSync"));
    assertEquals("run-1", notes.getString("latestSyncId"));
    assertEquals(0L, notes.getLong("hubPending"));
  }

  /** Draws the SVG's unit squares into a bitmap, 4 pixels a module, and reads it back as a QR code. */
  private static String decode(String svg) throws Exception {
    Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertTrue(box.find(), svg);
    int scale = 4;
    int w = Integer.parseInt(box.group(1)) * scale;
    int h = Integer.parseInt(box.group(2)) * scale;
    int[] pixels = new int[w * h];
    java.util.Arrays.fill(pixels, 0xFFFFFF);
    Matcher cell = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
    while (cell.find()) {
      int x0 = Integer.parseInt(cell.group(1)) * scale;
      int y0 = Integer.parseInt(cell.group(2)) * scale;
      for (int y = y0; y < y0 + scale; y++) {
        for (int x = x0; x < x0 + scale; x++) {
          pixels[y * w + x] = 0;
        }
      }
    }
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels)));
    return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
  }
}
