package outpost.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.error.ErrorCode;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;
import outpost.edge.sync.EngineFactory;
import picocli.CommandLine;

/** The CLI run in-process with its output captured. */
class EdgeCliTest {
  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EdgeMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void configCheckAcceptsAGoodFile() throws IOException {
    Path file = dir.resolve("edge.json");
    Files.writeString(file, """
        {"_comment": "two hubs", "site": "clinic-a", "hubs": [
          {"name": "central", "address": "localhost:7443", "token": "t1", "collections": ["patients"]},
          {"name": "regional", "address": "10.0.0.5:7443", "token": "t2"}]}
        """);
    Run r = run("config", "check", file.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("ok"), r.out());
  }

  @Test
  void configCheckNamesTheBadField() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, """
        {"site": "clinic-a", "hubs": [
          {"name": "central", "address": "localhost:7443", "token": "t1"},
          {"name": "regional", "address": "nowhere", "token": "t2", "collections": ["x"]}]}
        """);
    Run r = run("config", "check", file.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("hubs[1].address must be HOST:PORT"), r.err());

    Path notJson = dir.resolve("broken.json");
    Files.writeString(notJson, "{\"site\": ");
    Run broken = run("config", "check", notJson.toString());
    assertEquals(1, broken.exit());
    assertTrue(broken.err().contains("is not a JSON object"), broken.err());
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    for (String command : new String[] {"serve", "sync-now", "status", "config"}) {
      assertTrue(r.out().contains(command), r.out());
    }
    assertEquals(0, run("serve", "--help").exit());
  }

  @Test
  void syncNowAndStatusExit2WhenTheNodeCannotBeReached() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Run sync = run("sync-now", "--url", "http://127.0.0.1:" + port);
    assertEquals(2, sync.exit());
    assertTrue(sync.err().contains("cannot reach the edge node"), sync.err());
    assertEquals(2, run("status", "--url", "http://127.0.0.1:" + port).exit());
  }

  @Test
  void syncNowPrintsAHubErrorAsOneSentenceWithItsCodeOnceAndItsHint() throws Exception {
    int hubPort;
    try (ServerSocket s = new ServerSocket(0)) {
      hubPort = s.getLocalPort(); // no hub listens there
    }
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject().put("site", "clinic-a")
        .put("data", dir.resolve("edge").toString()).put("httpPort", 0)
        .put("hubs", new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject().put("name", "central")
            .put("address", "127.0.0.1:" + hubPort).put("token", "t")))
        .put("schedule", new io.vertx.core.json.JsonObject().put("frequency", "daily").put("syncHour", 3));
    EdgeNode node = new EdgeNode(EdgeConfig.fromJson(json), EngineFactory::create);
    node.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try {
      Run r = run("sync-now", "--url", "http://127.0.0.1:" + node.httpPort());
      assertEquals(1, r.exit(), r.out() + r.err());
      String line = r.out().lines().filter(l -> l.startsWith("hub central: ")).findFirst().orElseThrow(
          () -> new AssertionError(r.out()));
      assertTrue(line.startsWith("hub central: CONNECTION_ERROR: The hub could not be reached"), line);
      assertTrue(line.endsWith(ErrorCode.CONNECTION_ERROR.hint()), line);
      assertEquals(line.indexOf("CONNECTION_ERROR"), line.lastIndexOf("CONNECTION_ERROR"), "the code once: " + line);
      Run status = run("status", "--url", "http://127.0.0.1:" + node.httpPort());
      assertTrue(status.out().contains("  hub central: CONNECTION_ERROR: The hub could not be reached"), status.out());
    } finally {
      node.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void progressLineShowsDoneTotalAndABar() {
    assertEquals("120/500 [##........]", SyncNowCommand.line(new io.vertx.core.json.JsonObject()
        .put("done", 120).put("total", 500).put("state", "RUNNING")));
    assertEquals("500/500 [##########]", SyncNowCommand.line(new io.vertx.core.json.JsonObject()
        .put("done", 500).put("total", 500)));
  }
}
