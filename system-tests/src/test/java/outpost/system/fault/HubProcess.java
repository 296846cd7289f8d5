package outpost.system.fault;

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
import outpost.system.fixture.HubServerBuilder;

/**
 * The hub as a child process from its jar, restartable on the same ports and store. Every incarnation's
 * output is kept, so a test can search all of it.
 */
final class HubProcess implements HubApi, AutoCloseable {
  static final Pattern LISTENING = Pattern.compile("hub listening grpc=(\\d+)");
  static final String ADMIN_TOKEN = "admin-token-for-fault-tests-0001";

  private final Path config;
  private final List<String> args;
  private final int httpPort;
  private final List<ChildProcess> incarnations = new ArrayList<>();
  private final List<String> jvm = new ArrayList<>(List.of("-Xmx192m", "-XX:+UseSerialGC"));
  private final Http rest = Http.as(ADMIN_TOKEN).timeout(Duration.ofSeconds(15)).lenient();
  private volatile ChildProcess process;
  private volatile int grpcPort;

  /**
   * @param store "--data DIR" or "--pg-url URL" as two strings
   * @param extraConfig merged into hub.json (e.g. tls)
   */
  HubProcess(Path dir, List<String> store, JsonObject extraConfig) {
    this.httpPort = Ports.free();
    this.config = dir.resolve("hub.json");
    JsonObject json = new JsonObject().put("hubId", "fault-hub").put("collections", HubServerBuilder.collections())
        .mergeIn(extraConfig);
    try {
      Files.createDirectories(dir);
      Files.writeString(config, json.encodePrettily());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<String> a = new ArrayList<>(List.of("serve", "--config", config.toString(), "--grpc-port", "0",
        "--http-port", Integer.toString(httpPort), "--admin-token", ADMIN_TOKEN));
    a.addAll(store);
    this.args = a;
  }

  /** Starts an incarnation and answers its gRPC port (a new one each time: proxies are re-targeted). */
  synchronized int start() {
    ChildProcess p = ChildProcess.start(ChildProcess.hubJar(), jvm, args.toArray(String[]::new));
    incarnations.add(p);
    grpcPort = Integer.parseInt(p.await(LISTENING, 90));
    process = p;
    return grpcPort;
  }

  /** Logs at DEBUG from the next start (the jars' logback.xml reads OUTPOST_LOG_LEVEL, also as a property). */
  HubProcess debugLogs() {
    jvm.add("-DOUTPOST_LOG_LEVEL=DEBUG");
    return this;
  }

  /** SIGKILL: nothing gets to run, whatever the hub was doing. */
  synchronized void kill() {
    ChildProcess p = process;
    process = null;
    if (p != null) {
      p.kill();
    }
  }

  @Override
  public boolean up() {
    return process != null;
  }

  @Override
  public int grpcPort() {
    return grpcPort;
  }

  @Override
  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  @Override
  public Http rest() {
    return rest;
  }

  /** Everything every incarnation printed. */
  String output() {
    StringBuilder out = new StringBuilder();
    incarnations.forEach(p -> out.append(p.output()));
    return out.toString();
  }

  /** Stops with SIGTERM (a clean stop) and answers the exit code. */
  synchronized int terminate() {
    ChildProcess p = process;
    process = null;
    return p == null ? 0 : p.terminate(40);
  }

  @Override
  public void close() {
    kill();
    incarnations.forEach(ChildProcess::close);
  }
}
