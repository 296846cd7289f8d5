package outpost.system;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.function.Function;
import outpost.hub.store.HubStore;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;

/** One real hub (embedded store in a folder, gRPC on port 0) and the edges a test registers with it. */
final class HubWithEdges implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final GrpcHub hub;
  private final Path dir;

  HubWithEdges(Path dir) {
    this.dir = dir;
    this.hub = GrpcHub.on(vertx).dir(dir.resolve("hub")).start();
  }

  /** A hub on the store {@code store} makes (e.g. PostgreSQL in a schema of the test's). */
  HubWithEdges(Path dir, Function<Vertx, HubStore> store) {
    this.dir = dir;
    this.hub = GrpcHub.on(vertx).store(store.apply(vertx)).start();
  }

  /** A new site on the hub and a real edge for it; the caller closes the edge. */
  TestEdge edge(String site) {
    return new TestEdge(vertx, dir.resolve(site), site, hub.address(), hub.addSite(site));
  }

  @Override
  public void close() {
    hub.close();
    Await.of(vertx.close());
  }
}
