package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import outpost.system.fixture.FaultProxy;

/** The {@link Cluster} as child processes started from the jars; a kill is SIGKILL. */
final class ProcessCluster extends Cluster {
  final HubProcess hub;
  final Map<String, EdgeProcess> edges = new LinkedHashMap<>();

  /**
   * @param store the hub's store flags ("--data", DIR or "--pg-url", URL)
   * @param edgeExtra merged into every edge.json
   */
  ProcessCluster(Path dir, List<String> store, JsonObject edgeExtra) {
    hub = new HubProcess(dir.resolve("hub"), store, new JsonObject());
    try {
      start(dir, edgeExtra);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void start(Path dir, JsonObject edgeExtra) {
    int grpc = hub.start();
    for (String site : SITES) {
      tokens.put(site, hub.addSite(site));
      FaultProxy proxy = new FaultProxy(grpc);
      proxies.put(site, proxy);
      JsonObject hubEntry = new JsonObject().put("name", "central").put("address", proxy.address())
          .put("token", tokens.get(site));
      edges.put(site, new EdgeProcess(dir.resolve(site), site, hubEntry, edgeExtra));
    }
    startAll(edges.values().stream().map(e -> (Runnable) e::start).toList());
  }

  @Override
  HubProcess hub() {
    return hub;
  }

  @Override
  EdgeProcess edge(String site) {
    return edges.get(site);
  }

  @Override
  void killHub(long delayMillis) {
    hub.kill();
    restartLater(delayMillis, () -> {
      int port = hub.start();
      proxies.values().forEach(p -> p.target(port));
    });
  }

  @Override
  void killEdge(String site, long delayMillis) {
    EdgeProcess e = edges.get(site);
    e.kill();
    restartLater(delayMillis, e::start);
  }

  /** Everything every node printed, every incarnation. */
  String output() {
    StringBuilder out = new StringBuilder(hub.output());
    edges.values().forEach(e -> out.append(e.output()));
    return out.toString();
  }

  @Override
  void closeNodes() {
    edges.values().forEach(EdgeProcess::close);
    hub.close();
  }
}
