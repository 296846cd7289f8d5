package outpost.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import outpost.common.http.HttpLimits;
import outpost.edge.store.Durability;

class EdgeConfigTest {

  static JsonObject full() {
    return new JsonObject().put("site", "clinic-a").put("data", "/var/lib/outpost").put("httpHost", "0.0.0.0")
        .put("httpPort", 8081).put("durability", "fsync").put("apiToken", "api-secret")
        .put("hubs", new JsonArray()
            .add(new JsonObject().put("name", "central").put("address", "hub.example:7443").put("token", "t1")
                .put("collections", new JsonArray().add("patients").add("items"))
                .put("tls", new JsonObject().put("ca", "/etc/outpost/ca.pem")))
            .add(new JsonObject().put("name", "regional").put("address", "[::1]:7444").put("token", "t2")))
        .put("schedule", new JsonObject().put("frequency", "interval").put("intervalMinutes", 15))
        .put("historyDays", 7).put("bodyLimitBytes", 2048).put("maxBulkItems", 50).put("staleAmberHours", 2)
        .put("staleRedHours", 5).put("idleTimeout", "PT90S").put("maxMessageBytes", 1 << 20)
        .put("upkeepInterval", "PT30M");
  }

  @Test
  void fullConfigRoundTripsThroughJson() {
    EdgeConfig config = EdgeConfig.fromJson(full());
    assertEquals(config, EdgeConfig.fromJson(config.toJson(false)));
    assertEquals(Durability.FSYNC, config.durability());
    assertEquals(Duration.ofSeconds(90), config.idleTimeout());
    assertEquals(Duration.ofMinutes(30), config.upkeepInterval());
    assertEquals("hub.example", config.hubs().get(0).host());
    assertEquals(7444, config.hubs().get(1).port());
    assertEquals("::1", config.hubs().get(1).host());
    assertEquals(15, config.schedule().getInteger("intervalMinutes"));
  }

  @Test
  void defaultsApplyWhenOnlyTheSiteIsGiven() {
    EdgeConfig config = EdgeConfig.fromJson(new JsonObject().put("site", "s1"));
    assertEquals("edge-data", config.data());
    assertEquals("127.0.0.1", config.httpHost());
    assertEquals(8080, config.httpPort());
    assertEquals(Durability.COMMIT, config.durability());
    assertNull(config.apiToken());
    assertEquals(30, config.historyDays());
    assertEquals(1024 * 1024, config.bodyLimitBytes());
    assertEquals(10_000, config.maxBulkItems());
    assertEquals(24, config.staleAmberHours());
    assertEquals(72, config.staleRedHours());
    assertEquals(Duration.ofSeconds(60), config.idleTimeout());
    assertEquals(8 * 1024 * 1024, config.maxMessageBytes());
    assertEquals(Duration.ofMinutes(10), config.upkeepInterval());
    assertEquals(config, EdgeConfig.fromJson(config.toJson(false)));
  }

  @Test
  void maskedJsonHidesEveryToken() {
    JsonObject masked = EdgeConfig.fromJson(full()).toJson(true);
    assertEquals("***", masked.getString("apiToken"));
    masked.getJsonArray("hubs").forEach(h -> assertEquals("***", ((JsonObject) h).getString("token")));
    String text = masked.encode();
    assertTrue(!text.contains("api-secret") && !text.contains("\"t1\""), text);
  }

  @Test
  void collectionsRouteToTheirHubAndTheRestToTheCatchAllHub() {
    EdgeConfig config = EdgeConfig.fromJson(full());
    assertEquals("central", config.hubFor("patients"));
    assertEquals("regional", config.hubFor("notes"));
    JsonObject noCatchAll = full();
    noCatchAll.getJsonArray("hubs").remove(1);
    assertNull(EdgeConfig.fromJson(noCatchAll).hubFor("notes"));
  }

  static List<Arguments> invalid() {
    return List.of(
        Arguments.of("site missing", (Consumer<JsonObject>) j -> j.remove("site"), "site is required"),
        Arguments.of("site bad", (Consumer<JsonObject>) j -> j.put("site", "a b"), "site must be 1-64"),
        Arguments.of("site long", (Consumer<JsonObject>) j -> j.put("site", "x".repeat(65)), "site must be 1-64"),
        Arguments.of("port", (Consumer<JsonObject>) j -> j.put("httpPort", 70000), "httpPort must be 0-65535"),
        Arguments.of("port type", (Consumer<JsonObject>) j -> j.put("httpPort", "eighty"),
            "httpPort must be a whole number"),
        Arguments.of("durability", (Consumer<JsonObject>) j -> j.put("durability", "always"),
            "durability must be \"commit\" or \"fsync\""),
        Arguments.of("token needed", (Consumer<JsonObject>) j -> j.remove("apiToken"),
            "apiToken is required when httpHost is not a loopback address"),
        Arguments.of("address", (Consumer<JsonObject>) j -> hub(j, 1).put("address", "nohost"),
            "hubs[1].address must be HOST:PORT"),
        Arguments.of("address port", (Consumer<JsonObject>) j -> hub(j, 0).put("address", "h:0"),
            "hubs[0].address must be HOST:PORT"),
        Arguments.of("hub name", (Consumer<JsonObject>) j -> hub(j, 0).put("name", "a/b"),
            "hubs[0].name must be 1-64"),
        Arguments.of("hub token", (Consumer<JsonObject>) j -> hub(j, 1).remove("token"),
            "hubs[1].token is required"),
        Arguments.of("duplicate hub", (Consumer<JsonObject>) j -> hub(j, 1).put("name", "central"),
            "hubs[1].name 'central' is used by another hub"),
        Arguments.of("routed twice", (Consumer<JsonObject>) j -> hub(j, 1)
            .put("collections", new JsonArray().add("items")),
            "hubs[1].collections: collection 'items' is routed to both hubs 'central' and 'regional'"),
        Arguments.of("two catch-all", (Consumer<JsonObject>) j -> hub(j, 0).remove("collections"),
            "hubs[1].collections is missing, but hub 'central' already takes every unrouted collection"),
        Arguments.of("bad collection", (Consumer<JsonObject>) j -> hub(j, 0)
            .put("collections", new JsonArray().add("ok").add("no way")), "hubs[0].collections[1] must be"),
        Arguments.of("empty collections", (Consumer<JsonObject>) j -> hub(j, 0)
            .put("collections", new JsonArray()), "hubs[0].collections must not be empty"),
        Arguments.of("tls ca", (Consumer<JsonObject>) j -> hub(j, 0).put("tls", new JsonObject()),
            "hubs[0].tls.ca is required"),
        Arguments.of("unknown hub key", (Consumer<JsonObject>) j -> hub(j, 0).put("adress", "x:1"),
            "hubs[0].adress is not a known hub field"),
        Arguments.of("unknown key", (Consumer<JsonObject>) j -> j.put("htpPort", 1), "htpPort is not a known field"),
        Arguments.of("hubs type", (Consumer<JsonObject>) j -> j.put("hubs", "central"), "hubs must be a list"),
        Arguments.of("history", (Consumer<JsonObject>) j -> j.put("historyDays", 0), "historyDays must be at least 1"),
        Arguments.of("body", (Consumer<JsonObject>) j -> j.put("bodyLimitBytes", 10), "bodyLimitBytes must be at least"),
        Arguments.of("bulk", (Consumer<JsonObject>) j -> j.put("maxBulkItems", 0), "maxBulkItems must be at least 1"),
        Arguments.of("bulk above one commit", (Consumer<JsonObject>) j -> j.put("maxBulkItems", 20_000),
            "maxBulkItems must be at most 10000"),
        Arguments.of("stale", (Consumer<JsonObject>) j -> j.put("staleRedHours", 1),
            "staleRedHours must be at least staleAmberHours"),
        Arguments.of("idle", (Consumer<JsonObject>) j -> j.put("idleTimeout", "soon"), "idleTimeout must be a duration"),
        Arguments.of("idle zero", (Consumer<JsonObject>) j -> j.put("idleTimeout", 0),
            "idleTimeout must be a positive duration"),
        Arguments.of("message", (Consumer<JsonObject>) j -> j.put("maxMessageBytes", 10),
            "maxMessageBytes must be at least"),
        Arguments.of("upkeep", (Consumer<JsonObject>) j -> j.put("upkeepInterval", 0),
            "upkeepInterval must be at least 1 second"),
        Arguments.of("upkeep type", (Consumer<JsonObject>) j -> j.put("upkeepInterval", "often"),
            "upkeepInterval must be a duration"),
        Arguments.of("schedule", (Consumer<JsonObject>) j -> j.put("schedule", 5), "schedule must be an object"));
  }

  private static JsonObject hub(JsonObject json, int i) {
    return json.getJsonArray("hubs").getJsonObject(i);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void eachInvalidFieldGivesAMessageNamingIt(String name, Consumer<JsonObject> breakIt, String message) {
    JsonObject json = full();
    breakIt.accept(json);
    ConfigException e = assertThrows(ConfigException.class, () -> EdgeConfig.fromJson(json));
    assertTrue(e.getMessage().startsWith(message), "expected '" + message + "' but got '" + e.getMessage() + "'");
  }

  @Test
  void loopbackHostsNeedNoTokenButOthersDo() {
    for (String host : List.of("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.5")) {
      EdgeConfig.fromJson(new JsonObject().put("site", "s").put("httpHost", host));
    }
    for (String host : List.of("0.0.0.0", "192.168.1.4", "edge.example.org")) {
      assertThrows(ConfigException.class,
          () -> EdgeConfig.fromJson(new JsonObject().put("site", "s").put("httpHost", host)), host);
    }
  }

  @Test
  void flagsOverrideEnvironmentWhichOverridesTheFile() {
    JsonObject file = new JsonObject().put("site", "from-file").put("data", "file-data").put("httpPort", 1111)
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "h:1")
            .put("token", "file-token").put("collections", new JsonArray().add("patients"))));
    Map<String, String> env = Map.of("OUTPOST_EDGE_SITE", "from-env", "OUTPOST_EDGE_DATA", "env-data",
        "OUTPOST_EDGE_HTTP_PORT", "2222", "OUTPOST_EDGE_TOKEN", "env-token");

    EdgeConfig fileOnly = ConfigSources.resolve(file, Map.of(), ConfigSources.Flags.NONE);
    assertEquals("from-file", fileOnly.site());
    assertEquals("file-token", fileOnly.hubs().get(0).token());

    EdgeConfig withEnv = ConfigSources.resolve(file, env, ConfigSources.Flags.NONE);
    assertEquals("from-env", withEnv.site());
    assertEquals("env-data", withEnv.data());
    assertEquals(2222, withEnv.httpPort());
    assertEquals("env-token", withEnv.hubs().get(0).token());

    EdgeConfig withFlags = ConfigSources.resolve(file, env, new ConfigSources.Flags("from-flag", null, null, 0,
        List.of("central=other:7443", "second=h2:9"), "flag-token", null));
    assertEquals("from-flag", withFlags.site());
    assertEquals("env-data", withFlags.data(), "a flag not given leaves the env value");
    assertEquals(0, withFlags.httpPort());
    assertEquals("other:7443", withFlags.hubs().get(0).address());
    assertEquals("flag-token", withFlags.hubs().get(0).token());
    assertEquals("flag-token", withFlags.hubs().get(1).token());
    assertEquals("file-data", ConfigSources.resolve(file, Map.of(), new ConfigSources.Flags(null, null, null,
        null, List.of(), null, null)).data());
  }

  @Test
  void badEnvironmentValuesAreNamed() {
    JsonObject file = new JsonObject().put("site", "s");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigSources.resolve(file, Map.of("OUTPOST_EDGE_HTTP_PORT", "x"), ConfigSources.Flags.NONE));
    assertTrue(e.getMessage().startsWith("OUTPOST_EDGE_HTTP_PORT must be a number"), e.getMessage());
    ConfigException bad = assertThrows(ConfigException.class, () -> ConfigSources.resolve(file, Map.of(),
        new ConfigSources.Flags(null, null, null, null, List.of("central"), null, null)));
    assertTrue(bad.getMessage().startsWith("--hub must be NAME=HOST:PORT"), bad.getMessage());
  }

  @org.junit.jupiter.api.Test
  void anInvalidScheduleIsRefusedAtStartUpNamingTheField() {
    JsonObject json = new JsonObject().put("site", "clinic-a")
        .put("schedule", new JsonObject().put("frequency", "daily").put("syncHour", 25));
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> EdgeConfig.fromJson(json));
    assertEquals("schedule.syncHour must be 0-23, got 25", e.getMessage());
  }

  @Test
  void allowedHostsAndHttpLimitsAreReadCheckedAndFlagged() {
    EdgeConfig defaults = EdgeConfig.defaults("s");
    assertEquals(List.of(), defaults.allowedHosts());
    assertEquals(HttpLimits.DEFAULT, defaults.httpLimits());
    EdgeConfig c = EdgeConfig.fromJson(full().put("allowedHosts", new JsonArray().add("clinic-a.local").add("::1"))
        .put("httpIdleTimeout", "PT90S").put("httpRequestTimeout", 10).put("httpMaxConnections", 64));
    assertEquals(new HttpLimits(Duration.ofSeconds(90), Duration.ofSeconds(10), 64), c.httpLimits());
    assertEquals(c, EdgeConfig.fromJson(c.toJson(false)));
    JsonObject site = new JsonObject().put("site", "s");
    assertEquals("allowedHosts[0] must be a host name or an IP address without scheme, port or path, not "
        + "'clinic-a.local:8080'", assertThrows(ConfigException.class, () -> EdgeConfig.fromJson(site.copy()
            .put("allowedHosts", new JsonArray().add("clinic-a.local:8080")))).getMessage());
    assertEquals("allowedHosts[1] must be a string", assertThrows(ConfigException.class, () -> EdgeConfig.fromJson(
        site.copy().put("allowedHosts", new JsonArray().add("a").add(5)))).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> EdgeConfig.fromJson(site.copy()
        .put("httpRequestTimeout", "PT0.5S"))).getMessage().startsWith("httpRequestTimeout must be at least"));
    assertTrue(assertThrows(ConfigException.class, () -> EdgeConfig.fromJson(site.copy()
        .put("httpMaxConnections", 0))).getMessage().startsWith("httpMaxConnections must be at least 1"));
    EdgeConfig flagged = ConfigSources.resolve(site.copy().put("allowedHosts", new JsonArray().add("file.local")),
        Map.of(), new ConfigSources.Flags(null, null, null, null, List.of(), null, null,
            List.of("flag-a.local", "flag-b.local")));
    assertEquals(List.of("flag-a.local", "flag-b.local"), flagged.allowedHosts());
  }
}
