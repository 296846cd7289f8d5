package outpost.system.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * What an edge does with the version a push answer names. An answer that names the record's current
 * hub version (a change the hub already holds, or one equal to the hub's values) must bring the hub's
 * copy with it: the edge would otherwise hold its own older value under the hub's newer version, skip
 * the pull of that version and pass the divergence check, which compares versions, not values.
 */
class PushAnswersTest extends OneGrpcHubCase {
  @Test
  void changeEqualToTheHubsValuesTakesTheHubsOtherFields() {
    try (ProtocolEdge a = edge("clinic-a"); ProtocolEdge b = edge("clinic-b")) {
      a.put("notes", "x", new JsonObject().put("a", 1).put("b", 1));
      assertEquals("COMPLETE", ProtocolEdge.status(a.sync()));
      assertEquals("COMPLETE", ProtocolEdge.status(b.sync()));
      b.put("notes", "x", new JsonObject().put("a", 5).put("b", 2)); // B changes a and b
      assertEquals("COMPLETE", ProtocolEdge.status(b.sync()));
      a.put("notes", "x", new JsonObject().put("a", 5).put("b", 1)); // A makes the same change to a only
      assertEquals("COMPLETE", ProtocolEdge.status(a.sync()));
      assertEquals(2, hub.head(), "A's change had no effect on the hub");
      assertEquals(new JsonObject().put("a", 5).put("b", 2), a.get("notes", "x").orElseThrow().data());
      Convergence.assertEdgeHoldsHub(hub, a, "notes");
    }
  }
}
