package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import outpost.system.fixture.FaultProxy;

/**
 * The {@link Cluster} with every node in this JVM: the hub ({@link InJvmHub}) and three edges
 * ({@link InJvmEdge}), each edge reaching the hub's real gRPC server through its own loopback
 * {@link FaultProxy}. Nodes keep their stores in folders under the seed's directory (or the hub in a
 * PostgreSQL schema).
 */
final class InJvmCluster extends Cluster {
  final InJvmHub hub;
  final Map<String, InJvmEdge> edges = new LinkedHashMap<>();
  final SlowStore.Switch slowStore = new SlowStore.Switch();

  /** @param pgUrl the hub's PostgreSQL URL, or null for its embedded store */
  InJvmCluster(Path dir, String pgUrl, JsonObject edgeExtra) {
    hub = new InJvmHub(dir.resolve("hub-data"), pgUrl, slowStore);
    try {
      hub.start();
      int grpc = hub.grpcPort();
      for (String site : SITES) {
        tokens.put(site, hub.addSite(site));
        FaultProxy proxy = new FaultProxy(grpc);
        proxies.put(site, proxy);
        edges.put(site, new InJvmEdge(dir.resolve(site), site, tokens.get(site), proxy, edgeExtra));
      }
      startAll(edges.values().stream().map(e -> (Runnable) e::start).toList());
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  @Override
  InJvmHub hub() {
    return hub;
  }

  @Override
  InJvmEdge edge(String site) {
    return edges.get(site);
  }

  @Override
  void killHub(long delayMillis) {
    hub.kill();
    proxies.values().forEach(FaultProxy::cut);
    restartLater(delayMillis, () -> {
      hub.start();
      proxies.values().forEach(p -> p.target(hub.grpcPort()));
    });
  }

  @Override
  void killEdge(String site, long delayMillis) {
    InJvmEdge e = edges.get(site);
    e.kill();
    restartLater(delayMillis, e::start);
  }

  @Override
  void closeNodes() {
    edges.values().forEach(InJvmEdge::close);
    hub.close();
  }
}
