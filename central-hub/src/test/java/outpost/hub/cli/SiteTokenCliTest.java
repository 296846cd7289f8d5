package outpost.hub.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.auth.SiteTokens;
import outpost.hub.ingest.TestHub;
import outpost.proto.v1.HelloRequest;

/** {@code site rotate-token} and {@code site enable}, on a store opened directly and through a serving hub. */
class SiteTokenCliTest {
  @TempDir
  Path dir;

  private static String lastLine(HubMainTest.Run run) {
    List<String> lines = run.lines();
    return lines.get(lines.size() - 1);
  }

  @Test
  void rotateTokenPrintsTheNewTokenAloneOnTheLastLineAndOnlyItVerifies() throws Exception {
    Path data = dir.resolve("hub-data");
    String old = lastLine(HubMainTest.run("site", "add", "clinic-a", "--data", data.toString()));
    HubMainTest.Run rotate = HubMainTest.run("site", "rotate-token", "clinic-a", "--data", data.toString());
    assertEquals(0, rotate.exit(), rotate.err());
    String fresh = lastLine(rotate);
    assertTrue(fresh.matches("[A-Za-z0-9_-]{43}"), "last line is the token alone: " + fresh);
    assertNotEquals(old, fresh);
    String hash = HubMainTest.storedSite(data, "clinic-a").tokenHash();
    assertTrue(SiteTokens.verify(fresh, hash));
    assertFalse(SiteTokens.verify(old, hash));
    assertFalse(hash.contains(fresh));

    HubMainTest.Run ghost = HubMainTest.run("site", "rotate-token", "ghost", "--data", data.toString());
    assertEquals(1, ghost.exit());
    assertTrue(ghost.err().contains("no site 'ghost'"), ghost.err());
  }

  @Test
  void enableUndoesDisableOnTheStore() throws Exception {
    Path data = dir.resolve("hub-data");
    assertEquals(0, HubMainTest.run("site", "add", "clinic-a", "--data", data.toString()).exit());
    assertEquals(0, HubMainTest.run("site", "disable", "clinic-a", "--data", data.toString()).exit());
    assertTrue(HubMainTest.storedSite(data, "clinic-a").disabled());
    HubMainTest.Run enable = HubMainTest.run("site", "enable", "clinic-a", "--data", data.toString());
    assertEquals(0, enable.exit(), enable.err());
    assertTrue(enable.out().contains("enabled"));
    assertFalse(HubMainTest.storedSite(data, "clinic-a").disabled());
    assertEquals(1, HubMainTest.run("site", "enable", "ghost", "--data", data.toString()).exit());
  }

  @Test
  void onAServedEmbeddedStoreRotationAndEnablingGoThroughTheAdminApiAndTakeEffectAtOnce() throws Exception {
    try (TestHub hub = TestHub.start(dir, new JsonObject())) {
      ManagedChannel channel = hub.channel();
      try {
        String old = hub.addSite("clinic-a");
        hello(channel, old);
        HubMainTest.Run locked = HubMainTest.run("site", "rotate-token", "clinic-a", "--data", hub.server.config().data());
        assertEquals(1, locked.exit());
        assertTrue(locked.err().contains("admin API"), locked.err());

        HubMainTest.Run rotate = HubMainTest.run("site", "rotate-token", "clinic-a", "--url", hub.baseUrl(),
            "--admin-token", TestHub.ADMIN_TOKEN);
        assertEquals(0, rotate.exit(), rotate.err());
        String fresh = lastLine(rotate);
        assertThrows(StatusRuntimeException.class, () -> hello(channel, old));
        hello(channel, fresh);

        assertEquals(0, HubMainTest.run("site", "disable", "clinic-a", "--url", hub.baseUrl(), "--admin-token",
            TestHub.ADMIN_TOKEN).exit());
        assertThrows(StatusRuntimeException.class, () -> hello(channel, fresh));
        HubMainTest.Run enable = HubMainTest.run("site", "enable", "clinic-a", "--url", hub.baseUrl(),
            "--admin-token", TestHub.ADMIN_TOKEN);
        assertEquals(0, enable.exit(), enable.err());
        hello(channel, fresh);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theSiteCommandsGivenTheServingHubsConfigGoThroughItsAdminApi() throws Exception {
    int httpPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      httpPort = free.getLocalPort();
    }
    try (TestHub hub = TestHub.start(dir, new JsonObject().put("httpPort", httpPort))) {
      Path config = dir.resolve("hub.json");
      java.nio.file.Files.writeString(config, new JsonObject().put("data", hub.server.config().data())
          .put("httpPort", httpPort).put("adminToken", TestHub.ADMIN_TOKEN).encode());
      HubMainTest.Run add = HubMainTest.run("site", "add", "clinic-b", "--config", config.toString());
      assertEquals(0, add.exit(), add.err());
      String token = lastLine(add);
      ManagedChannel channel = hub.channel();
      try {
        TestHub.blocking(channel, TestHub.credentials("clinic-b", token, 1)).hello(HelloRequest.getDefaultInstance());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      HubMainTest.Run list = HubMainTest.run("site", "list", "--json", "--config", config.toString());
      assertEquals(0, list.exit(), list.err());
      assertTrue(list.out().contains("\"clinic-b\""), list.out());

      // The token may come from the environment instead of the file; without either the hint names both ways.
      java.nio.file.Files.writeString(config, new JsonObject().put("data", hub.server.config().data())
          .put("httpPort", httpPort).encode());
      HubMainTest.Run fromEnv = HubMainTest.run(java.util.Map.of("OUTPOST_HUB_ADMIN_TOKEN", TestHub.ADMIN_TOKEN),
          "site", "disable", "clinic-b", "--config", config.toString());
      assertEquals(0, fromEnv.exit(), fromEnv.err());
      HubMainTest.Run noToken = HubMainTest.run("site", "enable", "clinic-b", "--config", config.toString());
      assertEquals(1, noToken.exit());
      assertTrue(noToken.err().contains("--url") && noToken.err().contains("adminToken"), noToken.err());
    }
  }

  private static void hello(ManagedChannel channel, String token) {
    TestHub.blocking(channel, TestHub.credentials("clinic-a", token, 1)).hello(HelloRequest.getDefaultInstance());
  }
}
