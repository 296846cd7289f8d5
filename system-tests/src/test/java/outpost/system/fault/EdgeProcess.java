package outpost.system.fault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import outpost.system.ChildProcess;
import outpost.system.fixture.Http;

/**
 * An edge node as a child process from its jar, started from an edge.json the test writes, always on
 * the same HTTP port and data folder so that a restart is the same node.
 */
final class EdgeProcess implements EdgeRest, AutoCloseable {
  static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  final String site;
  final Path dir;
  private final Path config;
  private final int httpPort;
  private final List<ChildProcess> incarnations = new ArrayList<>();
  private final List<String> jvm = new ArrayList<>(List.of("-Xmx128m", "-XX:+UseSerialGC"));
  private final Http rest;
  private volatile ChildProcess process;

  /**
   * @param hub the hub entry of edge.json ({name, address, token, ...})
   * @param extra merged into edge.json (idleTimeout, schedule, apiToken, ...)
   */
  EdgeProcess(Path dir, String site, JsonObject hub, JsonObject extra) {
    this.site = site;
    this.dir = dir;
    this.httpPort = Ports.free();
    this.config = dir.resolve("edge.json");
    JsonObject json = new JsonObject().put("site", site).put("data", dir.resolve("data").toString())
        .put("httpPort", httpPort).put("hubs", new JsonArray().add(hub)).mergeIn(extra);
    try {
      Files.createDirectories(dir);
      Files.writeString(config, json.encodePrettily());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    this.rest = Http.as(json.getString("apiToken")).timeout(Duration.ofSeconds(15)).lenient();
  }

  synchronized void start() {
    ChildProcess p = ChildProcess.start(ChildProcess.edgeJar(), jvm, "serve", "--config", config.toString());
    incarnations.add(p);
    p.await(LISTENING, 90);
    process = p;
  }

  /** Logs at DEBUG from the next start (the jars' logback.xml reads OUTPOST_LOG_LEVEL, also as a property). */
  EdgeProcess debugLogs() {
    jvm.add("-DOUTPOST_LOG_LEVEL=DEBUG");
    return this;
  }

  /** SIGKILL. */
  synchronized void kill() {
    ChildProcess p = process;
    process = null;
    if (p != null) {
      p.kill();
    }
  }

  /** SIGTERM and wait: a clean stop (the MVStore file is closed). */
  synchronized int terminate() {
    ChildProcess p = process;
    process = null;
    return p == null ? 0 : p.terminate(40);
  }

  @Override
  public boolean up() {
    return process != null;
  }

  @Override
  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  @Override
  public Http rest() {
    return rest;
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  String output() {
    StringBuilder out = new StringBuilder();
    incarnations.forEach(p -> out.append(p.output()));
    return out.toString();
  }

  @Override
  public void close() {
    kill();
    incarnations.forEach(ChildProcess::close);
  }
}
