package outpost.system.browser;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose every test gets fresh {@link Nodes}: a real hub with its HTTP API, and edges on request. */
abstract class NodesCase {
  @TempDir
  Path tmp;
  Nodes nodes;

  @BeforeEach
  void startNodes() {
    nodes = new Nodes(tmp);
  }

  @AfterEach
  void closeNodes() {
    nodes.close();
  }
}
