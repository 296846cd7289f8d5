package outpost.hub.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.auth.SiteTokens;
import outpost.hub.config.Catalog;
import outpost.hub.ingest.TestHub;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.embedded.EmbeddedHubStore;
import picocli.CommandLine;

class HubMainTest {
  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = HubMain.commandLine(env);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run(Map.of(), args);
  }

  static SiteRecord storedSite(Path data, String id) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      EmbeddedHubStore store = new EmbeddedHubStore(vertx, data, new Catalog(List.of()), false);
      store.open().await(30, TimeUnit.SECONDS);
      try {
        return store.site(id).await(30, TimeUnit.SECONDS).orElseThrow();
      } finally {
        store.close().await(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void siteAddPrintsTheTokenAloneOnTheLastLineAndStoresOnlyABcryptHash() throws Exception {
    Path data = dir.resolve("hub-data");
    Run add = run("site", "add", "clinic-a", "--data", data.toString());
    assertEquals(0, add.exit(), add.err());
    List<String> lines = add.lines();
    String token = lines.get(lines.size() - 1);
    assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "last line is the token alone: " + token);
    assertFalse(add.err().contains(token));

    Run list = run("site", "list", "--data", data.toString());
    assertEquals(0, list.exit(), list.err());
    assertTrue(list.out().contains("clinic-a"));
    assertFalse(list.out().contains(token), "list never shows the token");

    SiteRecord stored = storedSite(data, "clinic-a");
    assertTrue(stored.tokenHash().startsWith("$2"), stored.tokenHash());
    assertFalse(stored.tokenHash().contains(token));
    assertTrue(SiteTokens.verify(token, stored.tokenHash()));

    Run again = run("site", "add", "clinic-a", "--data", data.toString());
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("already exists"), again.err());

    assertEquals(0, run("site", "disable", "clinic-a", "--data", data.toString()).exit());
    assertTrue(storedSite(data, "clinic-a").disabled());
    Run ghost = run("site", "disable", "ghost", "--data", data.toString());
    assertEquals(1, ghost.exit());
    assertTrue(ghost.err().contains("no site 'ghost'"), ghost.err());
  }

  @Test
  void dataDirFromTheConfigFileAndTheEnvironmentIsHonoured() throws Exception {
    Path data = dir.resolve("from-env");
    Path config = dir.resolve("hub.json");
    Files.writeString(config, new JsonObject().put("data", dir.resolve("from-file").toString()).encode());
    Run add = run(Map.of("OUTPOST_HUB_DATA", data.toString()), "site", "add", "s1", "--config", config.toString());
    assertEquals(0, add.exit(), add.err());
    assertEquals("s1", storedSite(data, "s1").id());
    assertFalse(Files.exists(dir.resolve("from-file").resolve("hub.mv.db")));
  }

  @Test
  void siteCommandsOnAServedEmbeddedStorePointToTheAdminApiAndWorkThroughIt() throws Exception {
    try (TestHub hub = TestHub.start(dir, new JsonObject())) {
      String data = hub.server.config().data();
      Run locked = run("site", "add", "clinic-b", "--data", data);
      assertEquals(1, locked.exit());
      assertTrue(locked.err().contains("admin API"), locked.err());

      Run viaApi = run("site", "add", "clinic-b", "--url", hub.baseUrl(), "--admin-token", TestHub.ADMIN_TOKEN);
      assertEquals(0, viaApi.exit(), viaApi.err());
      String token = viaApi.lines().get(viaApi.lines().size() - 1);
      assertTrue(token.matches("[A-Za-z0-9_-]{43}"));
      Run list = run("site", "list", "--json", "--url", hub.baseUrl(), "--admin-token", TestHub.ADMIN_TOKEN);
      assertEquals("clinic-b", new JsonObject(list.out()).getJsonArray("items").getJsonObject(0).getString("id"));
      Run wrong = run("site", "list", "--url", hub.baseUrl(), "--admin-token", "wrong-token-xxxxxxxxxxx");
      assertEquals(1, wrong.exit());
      assertTrue(wrong.err().contains("401"), wrong.err());
    }
  }

  @Test
  void configCheckSaysOkOrNamesTheBadField() throws Exception {
    Path good = dir.resolve("good.json");
    Files.writeString(good, "{\"grpcPort\": 7443, \"collections\": [{\"name\": \"items\", \"scope\": \"shared\","
        + " \"writers\": \"hub\"}]}");
    Run ok = run("config", "check", good.toString());
    assertEquals(0, ok.exit(), ok.err());
    assertEquals("ok", ok.out().trim());

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"collections\": [{\"name\": \"items\", \"writers\": \"everyone\"}]}");
    Run refused = run("config", "check", bad.toString());
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("collections[0].writers is 'everyone'"), refused.err());

    Path notJson = dir.resolve("broken.json");
    Files.writeString(notJson, "{grpcPort");
    Run broken = run("config", "check", notJson.toString());
    assertEquals(2, broken.exit());
    assertTrue(broken.err().contains("is not a JSON object"), broken.err());
  }

  @Test
  void helpWorksEverywhere() {
    for (String[] args : List.of(new String[] {"--help"}, new String[] {"serve", "--help"},
        new String[] {"site", "--help"}, new String[] {"site", "add", "--help"}, new String[] {"site", "list", "--help"},
        new String[] {"site", "disable", "--help"}, new String[] {"config", "check", "--help"})) {
      Run help = run(args);
      assertEquals(0, help.exit(), String.join(" ", args));
      assertTrue(help.out().contains("Usage:"), help.out());
    }
    assertTrue(run("serve", "--help").out().contains("--grpc-port"));
    assertTrue(run("site", "add", "--help").out().contains("--pg-url"));
    assertTrue(run("serve", "--help").out().contains("--pg-read-url"));
  }
}
