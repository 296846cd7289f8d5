package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code config check} of both command lines, in-process: every example in docs/examples passes, and each
 * invalid field of either config is refused with a message that names it (exit 1 for the edge, 2 for the
 * hub, as their help says). The edge's own EdgeConfigTest covers the rest of its fields.
 */
class ConfigCheckTest {
  @TempDir
  Path tmp;

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Ops.repoRoot().resolve("docs/examples"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void everyExampleConfigPassesConfigCheckOfItsNode() throws IOException {
    List<Path> files = examples();
    assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("hub")), "a hub example");
    assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().equals("edge-two-hubs.json")), files.toString());
    for (Path file : files) {
      String name = file.getFileName().toString();
      assertTrue(name.startsWith("hub") || name.startsWith("edge"), "examples are named hub*.json or edge*.json");
      Cli.Run run = name.startsWith("hub") ? Cli.hub("config", "check", file.toString())
          : Cli.edge("config", "check", file.toString());
      assertEquals(0, run.exit(), name + ": " + run.err());
      assertTrue(run.out().startsWith("ok"), name + ": " + run.out());
    }
  }

  @Test
  void theEdgeExampleWithTwoHubsRoutesCollectionsAsItsCommentsSay() throws IOException {
    JsonObject json = new JsonObject(Files.readString(Ops.repoRoot().resolve("docs/examples/edge-two-hubs.json")));
    outpost.edge.config.EdgeConfig config = outpost.edge.config.EdgeConfig.fromJson(json);
    assertEquals("central", config.hubFor("patients"));
    assertEquals("central", config.hubFor("notes"));
    assertEquals("regional", config.hubFor("items"));
    assertEquals(2, config.schedule().getInteger("syncHour"));
  }

  static List<Arguments> badHubFields() {
    return List.of(
        bad("hubId", j -> j.put("hubId", ""), "hubId must not be empty"),
        bad("grpcPort", j -> j.put("grpcPort", 70000), "grpcPort must be between 0 and 65535"),
        bad("httpPort", j -> j.put("httpPort", -1), "httpPort must be between 0 and 65535"),
        bad("httpHost", j -> j.put("httpHost", " "), "httpHost must not be empty"),
        bad("data", j -> j.put("data", ""), "data must not be empty"),
        bad("pgUrl", j -> j.put("pgUrl", "jdbc:postgresql://db/outpost"), "pgUrl must start with postgresql://"),
        bad("adminToken", j -> j.put("adminToken", "short"), "adminToken must be at least 16 characters"),
        bad("fsync", j -> j.put("fsync", "yes"), "fsync must be true or false"),
        bad("collections type", j -> j.put("collections", "patients"), "collections must be an array"),
        bad("collection type", j -> j.put("collections", new JsonArray().add("patients")),
            "collections[0] must be an object"),
        bad("collection name missing", j -> collection(j, 1).remove("name"), "collections[1].name is required"),
        bad("collection name", j -> collection(j, 1).put("name", "no way"), "collections[1].name: collection name"),
        bad("collection name type", j -> collection(j, 0).put("name", 5), "collections[0].name must be a string"),
        bad("scope", j -> collection(j, 0).put("scope", "global"), "collections[0].scope is 'global'"),
        bad("scope type", j -> collection(j, 0).put("scope", true), "collections[0].scope must be a string"),
        bad("writers", j -> collection(j, 2).put("writers", "everyone"), "collections[2].writers is 'everyone'"),
        bad("collection typo", j -> collection(j, 0).put("scop", "site"), "collections[0].scop is not a known"),
        bad("collection twice", j -> collection(j, 1).put("name", "patients"), "collection 'patients' is declared twice"),
        bad("minProtocol", j -> j.put("minProtocol", 0), "minProtocol must be at least 1"),
        bad("maxProtocol", j -> j.put("minProtocol", 2).put("maxProtocol", 1), "maxProtocol must be at least minProtocol (2)"),
        bad("maxMessageBytes", j -> j.put("maxMessageBytes", 10), "maxMessageBytes must be at least 1024"),
        bad("idleTimeout", j -> j.put("idleTimeout", "soon"), "idleTimeout is 'soon'"),
        bad("keepAliveTime", j -> j.put("keepAliveTime", "0s"), "keepAliveTime must be a positive duration"),
        bad("keepAliveTimeout", j -> j.put("keepAliveTimeout", -5), "keepAliveTimeout must be a positive duration"),
        bad("permitKeepAliveTime", j -> j.put("permitKeepAliveTime", "1x"), "permitKeepAliveTime is '1x'"),
        bad("bodyLimit", j -> j.put("bodyLimit", 12), "bodyLimit must be at least 1024"),
        bad("tls type", j -> j.put("tls", "hub.crt"), "tls must be an object"),
        bad("tls cert", j -> j.put("tls", new JsonObject().put("key", "k.pem")), "tls.cert is required"),
        bad("tls key", j -> j.put("tls", new JsonObject().put("cert", "c.pem")), "tls.key is required"),
        bad("unknown", j -> j.put("grpcport", 1), "unknown field 'grpcport'"));
  }

  @ParameterizedTest(name = "hub {0}")
  @MethodSource("badHubFields")
  void hubConfigCheckNamesTheBadField(String field, Consumer<JsonObject> breakIt, String message) throws IOException {
    checkNamesTheBadField("hub.json", "hub.json", Cli::hub, 2, breakIt, message);
  }

  static List<Arguments> badEdgeFields() {
    return List.of(
        bad("site", j -> j.remove("site"), "site is required"),
        bad("data", j -> j.put("data", " "), "data must be a directory path"),
        bad("httpHost", j -> j.put("httpHost", "a b"), "httpHost must be a host name or an IP address"),
        bad("httpPort", j -> j.put("httpPort", 65536), "httpPort must be 0-65535"),
        bad("apiToken", j -> j.put("apiToken", " "), "apiToken must not be blank"),
        bad("apiToken needed", j -> j.put("httpHost", "0.0.0.0"), "apiToken is required when httpHost is not"),
        bad("durability", j -> j.put("durability", "sometimes"), "durability must be \"commit\" or \"fsync\""),
        bad("hub type", j -> j.getJsonArray("hubs").set(0, "central"), "hubs[0] must be an object"),
        bad("hub address", j -> hub(j, 1).put("address", "regional-hub.example.org"), "hubs[1].address must be HOST:PORT"),
        bad("hub token", j -> hub(j, 0).put("token", ""), "hubs[0].token is required"),
        bad("hub collections", j -> hub(j, 0).put("collections", "patients"), "hubs[0].collections must be a list"),
        bad("hub tls", j -> hub(j, 0).put("tls", "ca.pem"), "hubs[0].tls must be an object"),
        bad("hub key", j -> hub(j, 0).put("adress", "x:1"), "hubs[0].adress is not a known hub field"),
        bad("schedule hour", j -> j.getJsonObject("schedule").put("syncHour", 24), "schedule.syncHour must be 0-23"),
        bad("schedule zone", j -> j.getJsonObject("schedule").put("timeZone", "Mars/Base"),
            "schedule.timeZone is not a known time zone"),
        bad("schedule key", j -> j.getJsonObject("schedule").put("synchour", 1), "schedule.synchour is not a known setting"),
        bad("historyDays", j -> j.put("historyDays", 0), "historyDays must be at least 1"),
        bad("staleRedHours", j -> j.put("staleRedHours", 1), "staleRedHours must be at least staleAmberHours"),
        bad("idleTimeout", j -> j.put("idleTimeout", "1 minute"), "idleTimeout must be a duration"),
        bad("maxMessageBytes", j -> j.put("maxMessageBytes", 1000), "maxMessageBytes must be at least 65536"),
        bad("bodyLimitBytes", j -> j.put("bodyLimitBytes", 1), "bodyLimitBytes must be at least 1024"),
        bad("maxBulkItems", j -> j.put("maxBulkItems", 0), "maxBulkItems must be at least 1"),
        bad("unknown", j -> j.put("hubz", 1), "hubz is not a known field"));
  }

  @ParameterizedTest(name = "edge {0}")
  @MethodSource("badEdgeFields")
  void edgeConfigCheckNamesTheBadField(String field, Consumer<JsonObject> breakIt, String message) throws IOException {
    checkNamesTheBadField("edge-two-hubs.json", "edge.json", Cli::edge, 1, breakIt, message);
  }

  /** Breaks a copy of a docs example, runs {@code config check} on it and expects the exit code and the message. */
  private void checkNamesTheBadField(String example, String name, Function<String[], Cli.Run> cli, int exit,
      Consumer<JsonObject> breakIt, String message) throws IOException {
    JsonObject json = new JsonObject(Files.readString(Ops.repoRoot().resolve("docs/examples/" + example)));
    breakIt.accept(json);
    Path file = Files.writeString(tmp.resolve(name), json.encodePrettily());
    Cli.Run run = cli.apply(new String[] {"config", "check", file.toString()});
    assertEquals(exit, run.exit(), run.out() + run.err());
    assertTrue(run.err().contains(file + ": " + message), "expected '" + message + "' in: " + run.err());
  }

  @Test
  void commentKeysAreAcceptedAtEveryLevelButTyposAreNot() throws IOException {
    JsonObject edge = new JsonObject().put("site", "s").put("_why", "a comment")
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "h").put("address", "h:1").put("token", "t")
            .put("_note", "per hub")))
        .put("schedule", new JsonObject().put("frequency", "daily").put("_note", "per schedule"));
    Cli.Run ok = Cli.edge("config", "check", Files.writeString(tmp.resolve("e.json"), edge.encode()).toString());
    assertEquals(0, ok.exit(), ok.err());
    JsonObject hub = new JsonObject().put("_why", "a comment").put("collections", new JsonArray()
        .add(new JsonObject().put("name", "notes").put("_note", "per collection")));
    Cli.Run hubOk = Cli.hub("config", "check", Files.writeString(tmp.resolve("h.json"), hub.encode()).toString());
    assertEquals(0, hubOk.exit(), hubOk.err());
    Cli.Run notJson = Cli.hub("config", "check", Files.writeString(tmp.resolve("x.json"), "{oops").toString());
    assertEquals(2, notJson.exit());
    assertFalse(notJson.err().contains("Exception"), notJson.err());
  }

  private static Arguments bad(String name, Consumer<JsonObject> breakIt, String message) {
    return Arguments.of(name, breakIt, message);
  }

  private static JsonObject collection(JsonObject json, int i) {
    return json.getJsonArray("collections").getJsonObject(i);
  }

  private static JsonObject hub(JsonObject json, int i) {
    return json.getJsonArray("hubs").getJsonObject(i);
  }
}
