package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;
import outpost.edge.sync.EngineFactory;
import outpost.hub.server.HubServer;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;
import outpost.system.fixture.HubServerBuilder;

/**
 * A real hub (HubServer on the embedded store, gRPC and HTTP on port 0) and real edge nodes (EdgeNode
 * with the scheduled engine, HTTP on port 0), in this JVM, driven through their HTTP APIs.
 */
final class Nodes implements AutoCloseable {
  static final String ADMIN_TOKEN = "admin-token-for-browser-tests";
  static final Duration WAIT = Duration.ofSeconds(20);
  /** Every answer of a node started here must be as its OpenAPI document says (docs/rest-api.md). */
  static final Http HTTP = Http.client().timeout(WAIT).checking(OpenApiDoc::checkServed);

  final HubServer hub;
  private final Path dir;
  private final List<EdgeNode> edges = new ArrayList<>();
  private final Map<String, String> tokens = new java.util.HashMap<>();

  Nodes(Path dir) {
    this.dir = dir;
    hub = hub(dir, 0, 0).start();
    OpenApiDoc.servedAt(hub.httpPort(), "hub");
  }

  /** The hub: its store in {@code dir}, on these ports (0: any free one; a restart asks for its old ones). */
  static HubServerBuilder hub(Path dir, int httpPort, int grpcPort) {
    return HubServerBuilder.in(dir.resolve("hub")).hubId("central").adminToken(ADMIN_TOKEN).ports(httpPort, grpcPort);
  }

  String hubUrl() {
    return "http://127.0.0.1:" + hub.httpPort();
  }

  static Map<String, String> admin() {
    return Map.of("Authorization", "Bearer " + ADMIN_TOKEN);
  }

  /**
   * Registers the site on the hub and starts its edge node, then waits for the start-up run to end. The
   * schedule is daily and local writes wait an hour before a change run, so that in a test only the
   * runs it asks for happen.
   */
  EdgeNode edge(String site) {
    return edge(site, null);
  }

  /** An edge whose API needs {@code Authorization: Bearer apiToken} (null for none). */
  EdgeNode edge(String site, String apiToken) {
    return edge(site, apiToken, json -> { });
  }

  /**
   * An edge with these schedule settings over the defaults (say a short retry backoff), whose hub is at
   * {@code hubAddress} (null: this hub, with the site registered; else an address where nothing answers).
   */
  EdgeNode edge(String site, String apiToken, JsonObject schedule, String hubAddress) {
    JsonObject json = hubAddress == null ? register(site) : config(site, hubAddress, "unregistered");
    json.getJsonObject("schedule").mergeIn(schedule);
    if (apiToken != null) {
      json.put("apiToken", apiToken);
    }
    return started(site, json);
  }

  /**
   * An edge whose config {@code tweak} may change (e.g. remove its publicUrl); started on the data directory
   * of any earlier edge of the same site, so that calling it again restarts that edge.
   */
  EdgeNode edge(String site, String apiToken, java.util.function.Consumer<JsonObject> tweak) {
    JsonObject json = register(site);
    if (apiToken != null) {
      json.put("apiToken", apiToken);
    }
    tweak.accept(json);
    return started(site, json);
  }

  /**
   * An edge that wrote {@code offline} before it ever synced (run without a sync engine on its data folder), so
   * it has not learnt the hub's rules and the hub itself judges those writes at the start-up run.
   */
  EdgeNode edgeAfterOfflineWrites(String site, java.util.function.Consumer<EdgeNode> offline) {
    JsonObject json = register(site);
    EdgeNode neverSynced = Await.of(new EdgeNode(EdgeConfig.fromJson(json), null).start());
    try {
      offline.accept(neverSynced);
    } finally {
      Await.of(neverSynced.stop());
    }
    return started(site, json);
  }

  /**
   * Registers the site on the hub once; answers its edge config (data folder, the hub, a quiet schedule, a
   * public URL).
   */
  private JsonObject register(String site) {
    String token = tokens.get(site);
    if (token == null) {
      Http.Answer added = HTTP.post(hubUrl() + "/api/sites", new JsonObject().put("id", site), admin());
      assertEquals(201, added.status(), added.body());
      token = added.json().getString("token");
      tokens.put(site, token);
    }
    return config(site, "127.0.0.1:" + hub.grpcPort(), token);
  }

  /** An edge config: its data folder, one hub, a quiet schedule, a public URL. */
  private JsonObject config(String site, String hubAddress, String token) {
    return new JsonObject().put("site", site).put("data", dir.resolve(site).toString())
        .put("httpPort", 0)
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central")
            .put("address", hubAddress).put("token", token)))
        .put("schedule", new JsonObject().put("frequency", "daily").put("syncHour", 3)
            .put("debounceSeconds", 3600))
        .put("publicUrl", "https://" + site + ".clinic.example/");
  }

  private EdgeNode started(String site, JsonObject json) {
    EdgeNode node = Await.of(new EdgeNode(EdgeConfig.fromJson(json), EngineFactory::create).start());
    edges.add(node);
    OpenApiDoc.servedAt(node.httpPort(), "edge");
    Await.until(() -> {
      JsonObject status = HTTP.get(url(node) + "/api/sync/status", auth(node)).json();
      return "idle".equals(status.getString("state")) && status.getValue("lastRun") != null;
    }, "the start-up run of " + site + " to end");
    return node;
  }

  static String url(EdgeNode node) {
    return "http://127.0.0.1:" + node.httpPort();
  }

  /** The header the node's API wants: its bearer token, when it has one. */
  static Map<String, String> auth(EdgeNode node) {
    String token = node.config().apiToken();
    return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
  }

  static void put(EdgeNode node, String collection, String id, JsonObject data) {
    Http.Answer r = HTTP.put(url(node) + "/api/records/" + collection + "/" + enc(id), data, auth(node));
    if (r.status() != 200 && r.status() != 201) {
      throw new AssertionError("PUT " + collection + "/" + id + " answered " + r.status() + " " + r.body());
    }
  }

  /** Starts a run through the API and answers the finished run (RUN JSON with items). */
  static JsonObject sync(EdgeNode node) {
    Http.Answer started = HTTP.post(url(node) + "/api/sync", new JsonObject(), auth(node));
    assertEquals(202, started.status(), started.body());
    return finished(node, started.json().getString("syncId"));
  }

  static JsonObject finished(EdgeNode node, String syncId) {
    String runUrl = url(node) + "/api/sync/runs/" + syncId;
    Await.until(() -> HTTP.get(runUrl, auth(node)).status() == 200, "run " + syncId + " to finish");
    return HTTP.get(runUrl, auth(node)).json();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    for (EdgeNode edge : edges) {
      OpenApiDoc.stoppedAt(edge.httpPort());
      Await.of(edge.stop());
    }
    OpenApiDoc.stoppedAt(hub.httpPort());
    Await.of(hub.stop());
  }
}
