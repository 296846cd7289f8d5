package outpost.system;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.fixture.GrpcHub;

/** A test class whose every test gets a fresh real hub (embedded store in a temp folder) and registers its edges. */
abstract class OneHubCase {
  @TempDir
  Path tmp;
  HubWithEdges nodes;
  Vertx vertx;
  GrpcHub hub;

  @BeforeEach
  void startHub() {
    nodes = new HubWithEdges(tmp);
    vertx = nodes.vertx;
    hub = nodes.hub;
  }

  @AfterEach
  void closeNodes() {
    nodes.close();
  }

  /** A new site on the hub and a real edge for it; the caller closes the edge. */
  TestEdge edge(String site) {
    return nodes.edge(site);
  }
}
