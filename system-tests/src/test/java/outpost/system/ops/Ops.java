package outpost.system.ops;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import outpost.hub.server.HubServer;
import outpost.system.ChildProcess;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;
import outpost.system.fixture.HubServerBuilder;

/** Helpers of the operations tests: nodes started from their jars and driven through their HTTP APIs. */
final class Ops {
  /** The admin token every test hub is given; tests check it never reaches a log. */
  static final String ADMIN_TOKEN = "admin-token-ops-7f3a9c51d2e8b604";
  static final Pattern HUB_LISTENING = Pattern.compile("hub listening grpc=(\\d+) http=(\\d+)");
  static final Pattern EDGE_LISTENING = Pattern.compile("listening on (http://\\S+)");

  private Ops() {}

  /** A hub started from its jar, with the ports it printed. */
  record HubProcess(ChildProcess process, int grpcPort, int httpPort) implements AutoCloseable {
    String grpcAddress() {
      return "127.0.0.1:" + grpcPort;
    }

    String http() {
      return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public void close() {
      process.close();
    }
  }

  /** Starts {@code central-hub.jar serve} on free ports with the admin token; {@code args} add to the flags. */
  static HubProcess startHub(List<String> jvmArgs, Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("serve", "--grpc-port", "0", "--http-port", "0",
        "--admin-token", ADMIN_TOKEN));
    all.addAll(List.of(args));
    List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
    jvm.addAll(jvmArgs);
    ChildProcess p = ChildProcess.start(ChildProcess.hubJar(), jvm, env, all.toArray(String[]::new));
    try {
      String line = p.await(Pattern.compile("hub listening grpc=\\d+ http=\\d+"), 90); // no group: the whole line
      Matcher m = HUB_LISTENING.matcher(line);
      if (!m.find()) {
        throw new AssertionError("no ports in " + line);
      }
      return new HubProcess(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (RuntimeException | Error e) {
      p.close(); // a hub that did not come up must not outlive the test
      throw e;
    }
  }

  /** A hub from its jar with docs/examples/hub.json, its data in {@code data}. */
  static HubProcess startExampleHub(Path data, List<String> jvmArgs, Map<String, String> env) {
    return startHub(jvmArgs, env, "--config", repoRoot().resolve("docs/examples/hub.json").toString(),
        "--data", data.toString());
  }

  /**
   * Writes an edge config for one hub with runs only when asked (no timer or write-triggered run gets in a
   * test's way; the start-up run still happens) and answers its path.
   */
  static Path edgeConfig(Path dir, String site, String hubAddress, String token) {
    JsonObject json = new JsonObject().put("site", site).put("data", dir.resolve(site).toString())
        .put("httpPort", 0).put("bodyLimitBytes", 4 << 20)
        .put("hubs", new io.vertx.core.json.JsonArray().add(new JsonObject().put("name", "central")
            .put("address", hubAddress).put("token", token)))
        .put("schedule", new JsonObject().put("frequency", "interval").put("intervalMinutes", 1440)
            .put("debounceSeconds", 3600));
    try {
      return Files.writeString(dir.resolve(site + ".json"), json.encodePrettily());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Starts {@code edge-node.jar serve --config FILE}; answers the process once it listens, and its URL. */
  record EdgeProcess(ChildProcess process, String url) implements AutoCloseable {
    @Override
    public void close() {
      process.close();
    }
  }

  static ChildProcess launchEdge(Path config, Map<String, String> env) {
    return ChildProcess.start(ChildProcess.edgeJar(), List.of("-Xmx256m"), env, "serve", "--config",
        config.toString());
  }

  static EdgeProcess awaitEdge(ChildProcess p) {
    try {
      return new EdgeProcess(p, p.await(EDGE_LISTENING, 90));
    } catch (RuntimeException | Error e) {
      p.close();
      throw e;
    }
  }

  /** POST /api/sync on an edge, then waits for that run to finish; answers the RUN JSON. */
  static JsonObject syncAndWait(String edgeUrl, String apiToken) {
    Http.Answer started = Http.as(apiToken).send("POST", edgeUrl + "/api/sync", null);
    if (started.status() != 202) {
      throw new AssertionError("POST /api/sync: " + started);
    }
    String id = started.json().getString("syncId");
    JsonObject[] run = new JsonObject[1];
    Await.until(() -> {
      Http.Answer a = Http.as(apiToken).get(edgeUrl + "/api/sync/runs/" + id);
      run[0] = a.status() == 200 ? a.json() : null;
      return run[0] != null && run[0].getString("finishedAt") != null;
    }, 90, "sync " + id + " to finish");
    return run[0];
  }

  /** Registers a site through the hub's admin API and answers its token. */
  static String addSite(String hubHttp, String site) {
    Http.Answer a = Http.as(ADMIN_TOKEN).send("POST", hubHttp + "/api/sites", new JsonObject().put("id", site));
    if (a.status() != 201) {
      throw new AssertionError("site add: " + a);
    }
    return a.json().getString("token");
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A hub in this JVM on free ports, configured by docs/examples/hub.json with the test's data folder or database. */
  static HubServer inProcessHub(Path data, String pgUrl) {
    return HubServerBuilder.fromFile(repoRoot().resolve("docs/examples/hub.json"), data).adminToken(ADMIN_TOKEN)
        .fsync(false).pgUrl(pgUrl).start();
  }

  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    return here.getFileName().toString().equals("system-tests") ? here.getParent() : here;
  }
}
