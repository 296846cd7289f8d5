package outpost.system.fault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import outpost.system.ChildProcess;
import outpost.system.fixture.Http;

/**
 * An edge node as a child process from its jar, started from an edge.json the test writes, always on
 * the same HTTP port and data folder so that a restart is the same node.
 */
final class EdgeProcess extends Restartable<EdgeProcess> implements EdgeRest {
  static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  final String site;
  final Path dir;
  private final Path config;
  private final Http rest;

  /**
   * @param hub the hub entry of edge.json ({name, address, token, ...})
   * @param extra merged into edge.json (idleTimeout, schedule, apiToken, ...)
   */
  EdgeProcess(Path dir, String site, JsonObject hub, JsonObject extra) {
    super(ChildProcess.edgeJar(), "-Xmx128m");
    this.site = site;
    this.dir = dir;
    JsonObject json = new JsonObject().put("site", site).put("data", dir.resolve("data").toString())
        .put("httpPort", httpPort).put("hubs", new JsonArray().add(hub)).mergeIn(extra);
    this.config = writeConfig(dir, "edge.json", json);
    this.rest = Http.as(json.getString("apiToken")).timeout(Duration.ofSeconds(15)).lenient();
  }

  void start() {
    start(LISTENING, List.of("serve", "--config", config.toString()));
  }

  @Override
  public Http rest() {
    return rest;
  }

  Path dataDir() {
    return dir.resolve("data");
  }
}
