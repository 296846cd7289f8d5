package outpost.system.protocol;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;

/** A test class whose every test gets a fresh real gRPC hub (embedded store in a temp folder) on its own Vert.x. */
abstract class OneGrpcHubCase {
  @TempDir
  Path tmp;
  Vertx vertx;
  GrpcHub hub;

  @BeforeEach
  void startHub() {
    vertx = Vertx.vertx();
    hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
    Await.of(vertx.close());
  }

  /** A new site on the hub and a protocol edge for it; the caller closes the edge. */
  ProtocolEdge edge(String site) {
    return new ProtocolEdge(vertx, tmp.resolve(site), site, hub.address(), hub.addSite(site));
  }
}
