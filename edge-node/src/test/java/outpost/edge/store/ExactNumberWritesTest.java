package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a local write counts as changed: numbers by exact value (docs/conflicts.md). */
class ExactNumberWritesTest {
  @TempDir
  Path dir;

  @Test
  void writeThatOnlyRespellsANumberChangesNothingAndKeepsTheStoredText() {
    EdgeStore store = StoreFixture.open(dir, Durability.COMMIT);
    try {
      StoreFixture.await(store.put("notes", "r", new JsonObject("{\"n\":1,\"m\":{\"k\":[1e400]}}")));
      StoreFixture.ackAll(store, new long[] {0});
      StoreFixture.await(store.put("notes", "r", new JsonObject("{\"n\":1.00,\"m\":{\"k\":[1E+400]}}")));
      assertEquals(0, store.pending("central"), "nothing to push");
      assertEquals("{\"n\":1,\"m\":{\"k\":[1E+400]}}",
          StoreFixture.await(store.get("notes", "r")).orElseThrow().data().encode());
    } finally {
      store.close();
    }
  }
}
