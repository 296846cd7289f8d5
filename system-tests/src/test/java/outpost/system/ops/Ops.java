package outpost.system.ops;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import outpost.system.ChildProcess;

/** Helpers of the operations tests: nodes started from their jars, and a small blocking HTTP client. */
final class Ops {
  /** The admin token every test hub is given; tests check it never reaches a log. */
  static final String ADMIN_TOKEN = "admin-token-ops-7f3a9c51d2e8b604";
  static final Pattern HUB_LISTENING = Pattern.compile("hub listening grpc=(\\d+) http=(\\d+)");
  static final Pattern EDGE_LISTENING = Pattern.compile("listening on (http://\\S+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
  static HubProcess startHub(Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("serve", "--grpc-port", "0", "--http-port", "0",
        "--admin-token", ADMIN_TOKEN));
    all.addAll(List.of(args));
    ChildProcess p = ChildProcess.start(ChildProcess.hubJar(), List.of("-Xmx256m"), env, all.toArray(String[]::new));
    String line = p.await(HUB_LISTENING, 60);
    Matcher m = HUB_LISTENING.matcher(line);
    if (!m.find()) {
      throw new AssertionError("no ports in " + line);
    }
    return new HubProcess(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** Registers a site through the hub's admin API and answers its token. */
  static String addSite(String hubHttp, String site) {
    Answer a = send("POST", hubHttp + "/api/sites", ADMIN_TOKEN, new JsonObject().put("id", site));
    if (a.status() != 201) {
      throw new AssertionError("site add: " + a);
    }
    return a.json().getString("token");
  }

  /** An HTTP answer. */
  record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  static Answer get(String url, String token) {
    return send("GET", url, token, null);
  }

  static Answer send(String method, String url, String token, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for a condition with a deadline, polling every 50 ms. */
  static void waitFor(BooleanSupplier condition, long seconds, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      try {
        Thread.sleep(50); // polling interval of a deadline-bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    return here.getFileName().toString().equals("system-tests") ? here.getParent() : here;
  }
}
