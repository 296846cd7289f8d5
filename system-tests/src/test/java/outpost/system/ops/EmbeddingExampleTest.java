package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.RecordKey;
import outpost.edge.config.ConfigException;
import outpost.edge.embed.EdgeStatus;
import outpost.edge.embed.EmbeddedEdge;
import outpost.hub.server.HubServer;
import outpost.system.fixture.Await;

/**
 * The example of docs/embedding.md runs against a real hub: it is this file's code between the example
 * markers, and the test checks that the page shows exactly that code.
 */
class EmbeddingExampleTest {
  @TempDir
  Path tmp;

  @Test
  void theDocumentedExampleWritesARecordSyncsItAndObservesTheRun() throws Exception {
    HubServer hub = Ops.inProcessHub(tmp.resolve("hub"), null);
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      String siteToken = Ops.addSite("http://127.0.0.1:" + hub.httpPort(), "clinic-a");
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      example(tmp.resolve("clinic-a"), "127.0.0.1:" + hub.grpcPort(), siteToken);
    } finally {
      System.setOut(stdout);
      Await.of(hub.stop());
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    stdout.print(out);
    assertTrue(Pattern.compile("(?m)^sync [0-9a-f-]{36} COMPLETE$").matcher(out).find(), "the listener saw it: " + out);
    assertTrue(out.contains("COMPLETE, pending 0, p-1 is synced"), out);
  }

  @Test
  void theRecordReachedTheHub() throws Exception {
    HubServer hub = Ops.inProcessHub(tmp.resolve("hub"), null);
    try {
      String siteToken = Ops.addSite("http://127.0.0.1:" + hub.httpPort(), "clinic-a");
      example(tmp.resolve("clinic-a"), "127.0.0.1:" + hub.grpcPort(), siteToken);
      JsonObject data = Await.of(hub.store().get(new RecordKey("patients", "p-1"))).orElseThrow().data();
      assertEquals("Amina", data.getString("name"));
    } finally {
      Await.of(hub.stop());
    }
  }

  @Test
  void aBadSettingIsRefusedNamingItsField() {
    assertTrue(assertThrows(ConfigException.class, () -> EmbeddedEdge.builder("no spaces").config())
        .getMessage().startsWith("site must be"));
    assertTrue(assertThrows(ConfigException.class, () -> EmbeddedEdge.builder("s").hub("central", "nohost", "t")
        .config()).getMessage().startsWith("hubs[0].address must be HOST:PORT"));
    assertTrue(assertThrows(ConfigException.class, () -> EmbeddedEdge.builder("s").set("historyDays", 0)
        .config()).getMessage().startsWith("historyDays must be at least 1"));
  }

  @Test
  void docsEmbeddingShowsExactlyTheExampleThatRuns() throws IOException {
    List<String> source = between(Files.readAllLines(Ops.repoRoot()
        .resolve("system-tests/src/test/java/outpost/system/ops/EmbeddingExampleTest.java")),
        "    // example:start", "    // example:end");
    List<String> doc = between(Files.readAllLines(Ops.repoRoot().resolve("docs/embedding.md")),
        "```java", "```");
    assertEquals(unindent(source), unindent(doc));
  }

  // Not a test: the example itself (docs/embedding.md shows the lines between the markers).
  static void example(Path dataDir, String hubAddress, String siteToken) {
    // example:start
    EmbeddedEdge edge = EmbeddedEdge.builder("clinic-a")
        .dataDir(dataDir)                                  // where edge.mv.db lives
        .hub("central", hubAddress, siteToken)            // "hub.example.org:7443", from site add
        .schedule(new JsonObject().put("frequency", "daily").put("syncHour", 2)
            .put("timeZone", "Africa/Nairobi"))
        .start().await();                                  // opens the store, starts the scheduler
    try {
      edge.onRun(run -> {                                  // on the sync thread: return quickly
        if (run.getString("finishedAt") != null) {
          System.out.println("sync " + run.getString("id") + " " + run.getString("status"));
        }
      });
      edge.put("patients", "p-1", new JsonObject().put("name", "Amina").put("ward", "B")).await();
      JsonObject run = edge.syncAndWait().await();        // or syncNow() and carry on
      EdgeStatus status = edge.status().await();
      JsonObject record = edge.get("patients", "p-1").await().orElseThrow();
      System.out.println(run.getString("status") + ", pending " + status.pendingTotal() + ", p-1 is "
          + record.getJsonObject("sync").getString("state"));
    } finally {
      edge.close();                                        // the store closes after the sync thread ends
    }
    // example:end
  }

  private static List<String> between(List<String> lines, String start, String end) {
    int from = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (from < 0 && lines.get(i).equals(start)) {
        from = i + 1;
      } else if (from >= 0 && lines.get(i).trim().equals(end.trim())) {
        return lines.subList(from, i);
      }
    }
    throw new AssertionError("no block between '" + start + "' and '" + end + "'");
  }

  private static List<String> unindent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    List<String> out = new ArrayList<>();
    lines.forEach(l -> out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing()));
    return out;
  }
}
