package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import outpost.system.ChildProcess;
import outpost.system.fixture.Http;
import outpost.system.fixture.HubServerBuilder;

/** The hub as a child process from its jar, restartable on the same ports and store. */
final class HubProcess extends Restartable<HubProcess> implements HubApi {
  static final Pattern LISTENING = Pattern.compile("hub listening grpc=(\\d+)");
  static final String ADMIN_TOKEN = "admin-token-for-fault-tests-0001";

  private final List<String> args;
  private final Http rest = Http.as(ADMIN_TOKEN).timeout(Duration.ofSeconds(15)).lenient();
  private volatile int grpcPort;

  /**
   * @param store "--data DIR" or "--pg-url URL" as two strings
   * @param extraConfig merged into hub.json (e.g. tls)
   */
  HubProcess(Path dir, List<String> store, JsonObject extraConfig) {
    super(ChildProcess.hubJar(), "-Xmx192m");
    JsonObject json = new JsonObject().put("hubId", "fault-hub").put("collections", HubServerBuilder.collections())
        .mergeIn(extraConfig);
    Path config = writeConfig(dir, "hub.json", json);
    List<String> a = new ArrayList<>(List.of("serve", "--config", config.toString(), "--grpc-port", "0",
        "--http-port", Integer.toString(httpPort), "--admin-token", ADMIN_TOKEN));
    a.addAll(store);
    this.args = a;
  }

  /** Starts an incarnation and answers its gRPC port (a new one each time: proxies are re-targeted). */
  int start() {
    grpcPort = Integer.parseInt(start(LISTENING, args));
    return grpcPort;
  }

  @Override
  public int grpcPort() {
    return grpcPort;
  }

  @Override
  public Http rest() {
    return rest;
  }
}
