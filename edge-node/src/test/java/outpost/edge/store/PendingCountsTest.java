package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.store.impl.EdgeMaps;

/** Where the pending counts are read and how a file of the layout before gains them. */
class PendingCountsTest {
  @TempDir
  Path dir;

  private static EdgeStore open(Vertx vertx, Path dir) {
    return EdgeStore.open(vertx, dir, "site-a", Durability.COMMIT, c -> c.equals("items") ? "north" : "central",
        Clock.systemUTC());
  }

  @Test
  void pendingIsAnsweredOnAnEventLoopWithoutOpeningTheLog() {
    Vertx vertx = Vertx.vertx();
    EdgeStore store = open(vertx, dir);
    try {
      StoreFixture.await(store.put("notes", "a", new JsonObject().put("text", "one")));
      Promise<List<Object>> seen = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> seen.complete(List.of(Context.isOnEventLoopThread(),
          store.pending("central"), store.pendingByCollection("central"), store.pending("north"))));
      assertEquals(List.of(true, 1L, Map.of("notes", 1L), 0L), StoreFixture.await(seen.future()));
      assertFalse(StoreFixture.await(store.worker().read(() -> store.maps().store.hasMap("log:north"))),
          "asking for a hub's pending changes created its log");
    } finally {
      store.close();
      vertx.close().await();
    }
  }

  @Test
  void aHubsLogIsOpenedByTheWriterOnly() {
    Vertx vertx = Vertx.vertx();
    EdgeStore store = open(vertx, dir);
    try {
      Promise<String> refused = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> {
        try {
          store.maps().log("north");
          refused.complete("opened");
        } catch (IllegalStateException e) {
          refused.complete(e.getMessage());
        }
      });
      String answer = StoreFixture.await(refused.future());
      assertTrue(answer.contains("not by the store's writer"), answer);
      assertEquals(0L, StoreFixture.await(store.worker().read(() -> store.maps().log("north").sizeAsLong())));
    } finally {
      store.close();
      vertx.close().await();
    }
  }

  @Test
  void aFileOfTheLayoutBeforeGainsItsCountsAtOpen() {
    EdgeStore store = open(null, dir);
    StoreFixture.await(store.put("notes", "a", new JsonObject().put("text", "one")));
    StoreFixture.await(store.put("patients", "p", new JsonObject().put("name", "Ada")));
    StoreFixture.await(store.put("items", "i", new JsonObject().put("n", 1)));
    store.close();
    // As the version before left it: the same maps without the counts.
    MVStore mv = EdgeStore.openFile(dir.resolve(EdgeStore.FILE_NAME));
    mv.removeMap("pending");
    mv.<String, String>openMap("meta").put("format", EdgeMaps.LAST_FORMAT);
    mv.commit();
    mv.close();

    EdgeStore upgraded = open(null, dir);
    try {
      assertEquals(Map.of("notes", 1L, "patients", 1L), upgraded.pendingByCollection("central"));
      assertEquals(Map.of("items", 1L), upgraded.pendingByCollection("north"));
      assertEquals(EdgeMaps.FORMAT,
          StoreFixture.await(upgraded.worker().read(() -> upgraded.maps().meta.get("format"))));
    } finally {
      upgraded.close();
    }
  }
}
