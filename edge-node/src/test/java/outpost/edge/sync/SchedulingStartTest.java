package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;

/** A node whose scheduler fails to start fails its own start, rather than serving with no scheduling. */
class SchedulingStartTest {
  @TempDir
  Path dir;

  @Test
  void aSchedulerThatFailsToStartFailsTheNodesStart() {
    JsonObject json = new JsonObject().put("site", "clinic-a").put("data", dir.toString()).put("httpPort", 0)
        .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "127.0.0.1:1")
            .put("token", "t")));
    // The factory starts scheduling; starting it a second time fails as a broken start-up would.
    EdgeNode node = new EdgeNode(EdgeConfig.fromJson(json), n -> {
      CoordinatedSync sync = (CoordinatedSync) EngineFactory.create(n);
      n.startsWith(sync.startScheduling());
      return sync;
    });
    RuntimeException e = assertThrows(RuntimeException.class, () -> node.start().await());
    assertTrue(String.valueOf(e.getMessage()).contains("already started"), String.valueOf(e));
    assertEquals(-1, node.httpPort(), "the node serves nothing");
  }
}
