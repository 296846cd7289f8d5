package outpost.hub.config;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import outpost.common.http.HttpLimits;

class HubConfigTest {
  private static final JsonObject FULL = new JsonObject()
      .put("hubId", "central").put("grpcPort", 7000).put("httpPort", 8000).put("httpHost", "0.0.0.0")
      .put("data", "/var/hub").put("pgUrl", "postgresql://hub:s3cret@db:5432/outpost")
      .put("adminToken", "admin-token-0123456789").put("fsync", true)
      .put("collections", new JsonArray()
          .add(new JsonObject().put("name", "patients").put("scope", "site").put("writers", "owner"))
          .add(new JsonObject().put("name", "items").put("scope", "shared").put("writers", "hub")))
      .put("minProtocol", 1).put("maxProtocol", 2).put("maxMessageBytes", 1 << 20).put("idleTimeout", "2m")
      .put("keepAliveTime", "PT20S").put("keepAliveTimeout", 5).put("permitKeepAliveTime", "5s")
      .put("bodyLimit", 65536).put("tls", new JsonObject().put("cert", "hub.crt").put("key", "hub.key"))
      .put("historyDays", 90).put("upkeepInterval", "30m")
      .put("pgReadUrl", "postgresql://hub:r3plica@standby:5432/outpost").put("pgReadMaxLag", "250ms");

  @Test
  void defaultsAreTheDocumentedOnes() {
    HubConfig c = HubConfig.fromJson(new JsonObject());
    assertEquals(7443, c.grpcPort());
    assertEquals(8090, c.httpPort());
    assertEquals("127.0.0.1", c.httpHost());
    assertEquals("hub-data", c.data());
    assertNull(c.pgUrl());
    assertNull(c.adminToken());
    assertFalse(c.fsync());
    assertEquals(1, c.minProtocol());
    assertEquals(1, c.maxProtocol());
    assertEquals(8 * 1024 * 1024, c.maxMessageBytes());
    assertNull(c.tls());
    assertEquals(30, c.historyDays());
    assertEquals(Duration.ofMinutes(10), c.upkeepInterval());
    assertNull(c.pgReadUrl());
    assertEquals(Duration.ofSeconds(1), c.pgReadMaxLag());
  }

  @Test
  void jsonRoundTripGivesAnEqualConfig() {
    HubConfig c = HubConfig.fromJson(FULL);
    assertEquals(Duration.ofMinutes(2), c.idleTimeout());
    assertEquals(Duration.ofSeconds(5), c.keepAliveTimeout());
    assertEquals(90, c.historyDays());
    assertEquals(Duration.ofMinutes(30), c.upkeepInterval());
    assertEquals("postgresql://hub:r3plica@standby:5432/outpost", c.pgReadUrl());
    assertEquals(Duration.ofMillis(250), c.pgReadMaxLag());
    assertEquals(c, HubConfig.fromJson(c.toJson()));
    assertEquals(HubConfig.fromJson(new JsonObject()), HubConfig.fromJson(HubConfig.fromJson(new JsonObject()).toJson()));
  }

  @Test
  void secretsAreMaskedInPrintedForms() {
    HubConfig c = HubConfig.fromJson(FULL);
    assertFalse(c.toString().contains("admin-token-0123456789"));
    assertFalse(c.toString().contains("s3cret"));
    assertFalse(c.toString().contains("r3plica"));
    assertTrue(c.toString().contains("postgresql://hub:***@db:5432/outpost"));
    assertEquals("***", c.toMaskedJson().getString("adminToken"));
  }

  private static String error(JsonObject json) {
    return assertThrows(IllegalArgumentException.class, () -> HubConfig.fromJson(json)).getMessage();
  }

  @Test
  void eachInvalidFieldIsNamed() {
    assertTrue(error(new JsonObject().put("grpcPort", 70000)).startsWith("grpcPort must be between 0 and 65535"));
    assertTrue(error(new JsonObject().put("httpPort", "eighty")).startsWith("httpPort must be a whole number"));
    assertTrue(error(new JsonObject().put("pgUrl", "mysql://x")).startsWith("pgUrl must start with postgresql://"));
    assertTrue(error(new JsonObject().put("pgReadUrl", "postgresql://standby/db"))
        .startsWith("pgReadUrl needs pgUrl"));
    assertTrue(error(new JsonObject().put("pgUrl", "postgresql://db/x").put("pgReadUrl", "mysql://x"))
        .startsWith("pgReadUrl must start with postgresql://"));
    assertTrue(error(new JsonObject().put("adminToken", "short")).startsWith("adminToken must be at least 16"));
    assertTrue(error(new JsonObject().put("maxProtocol", 0)).startsWith("maxProtocol must be at least minProtocol"));
    assertTrue(error(new JsonObject().put("idleTimeout", "soon")).startsWith("idleTimeout is 'soon'"));
    assertTrue(error(new JsonObject().put("fsync", "yes")).startsWith("fsync must be true or false"));
    assertTrue(error(new JsonObject().put("historyDays", 0)).startsWith("historyDays must be at least 1"));
    assertTrue(error(new JsonObject().put("upkeepInterval", "500ms")).startsWith("upkeepInterval must be at least 1"));
    assertTrue(error(new JsonObject().put("grpcport", 1)).contains("unknown field 'grpcport'"));
    assertTrue(error(new JsonObject().put("tls", new JsonObject().put("cert", "a"))).startsWith("tls.key is required"));
    assertTrue(error(new JsonObject().put("collections", new JsonArray().add(new JsonObject().put("name", "a")
        .put("scope", "global")))).startsWith("collections[0].scope is 'global'"));
    assertTrue(error(new JsonObject().put("collections", new JsonArray().add(new JsonObject().put("name", "a"))
        .add(new JsonObject().put("name", "a")))).contains("'a' is declared twice"));
    assertNotNull(HubConfig.fromJson(new JsonObject().put("_comment", "explanations are allowed")));
  }

  @Test
  void environmentOverridesTheFileAndFlagsOverrideBoth() {
    JsonObject file = new JsonObject().put("grpcPort", 1000).put("httpPort", 2000).put("data", "file-data");
    Map<String, String> env = Map.of("OUTPOST_HUB_GRPC_PORT", "1001", "OUTPOST_HUB_HTTP_PORT", "2001",
        "OUTPOST_HUB_DATA", "env-data", "OUTPOST_HUB_ADMIN_TOKEN", "env-admin-token-0123");
    HubConfig c = HubConfig.resolve(file, env, new JsonObject().put("httpPort", 2002).put("grpcPort", null));
    assertEquals(1001, c.grpcPort());
    assertEquals(2002, c.httpPort());
    assertEquals("env-data", c.data());
    assertEquals("env-admin-token-0123", c.adminToken());
    HubConfig replica = HubConfig.resolve(new JsonObject().put("pgUrl", "postgresql://db/x"),
        Map.of("OUTPOST_HUB_PG_READ_URL", "postgresql://standby/x"), new JsonObject());
    assertEquals("postgresql://standby/x", replica.pgReadUrl());
    String bad = assertThrows(IllegalArgumentException.class, () ->
        HubConfig.resolve(file, Map.of("OUTPOST_HUB_GRPC_PORT", "x"), new JsonObject())).getMessage();
    assertTrue(bad.startsWith("OUTPOST_HUB_GRPC_PORT is 'x'"), bad);
  }

  @Test
  void allowedHostsAndHttpLimitsAreReadCheckedAndRoundTrip() {
    HubConfig defaults = HubConfig.fromJson(new JsonObject());
    assertEquals(List.of(), defaults.allowedHosts());
    assertEquals(HttpLimits.DEFAULT, defaults.httpLimits());
    HubConfig c = HubConfig.fromJson(new JsonObject().put("allowedHosts", new JsonArray().add("hub.example.org")
        .add("10.0.0.5").add("[fd00::1]")).put("httpIdleTimeout", "90s").put("httpRequestTimeout", "PT10S")
        .put("httpMaxConnections", 200));
    assertEquals(new HttpLimits(Duration.ofSeconds(90), Duration.ofSeconds(10), 200), c.httpLimits());
    assertEquals(c, HubConfig.fromJson(c.toJson()));
    assertTrue(error(new JsonObject().put("allowedHosts", new JsonArray().add("hub.example.org:8090")))
        .startsWith("allowedHosts[0] must be a host name or an IP address"));
    assertTrue(error(new JsonObject().put("allowedHosts", new JsonArray().add("ok").add("http://x")))
        .startsWith("allowedHosts[1] must be"));
    assertTrue(error(new JsonObject().put("allowedHosts", "hub.example.org")).startsWith("allowedHosts must be an array"));
    assertTrue(error(new JsonObject().put("httpRequestTimeout", "0s")).startsWith("httpRequestTimeout must be at least"));
    assertTrue(error(new JsonObject().put("httpMaxConnections", 0)).startsWith("httpMaxConnections must be at least 1"));
    HubConfig flagged = HubConfig.resolve(new JsonObject().put("allowedHosts", new JsonArray().add("file.example")),
        Map.of(), new JsonObject().put("allowedHosts", new JsonArray().add("flag.example")));
    assertEquals(List.of("flag.example"), flagged.allowedHosts());
  }
}
