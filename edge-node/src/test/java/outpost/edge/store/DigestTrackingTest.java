package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.ScopeDigest;

/** The digest the store keeps in step with its writes always equals a fresh scan of the stored records. */
class DigestTrackingTest {
  @TempDir
  Path dir;

  @Test
  void keptDigestEqualsAScanAfterRandomWritesAcksPullsAndReopen() {
    long seed = System.nanoTime();
    System.out.println("DigestTrackingTest seed " + seed);
    Random random = new Random(seed);
    long[] hubVersion = {0};
    EdgeStore store = StoreFixture.open(dir, Durability.COMMIT);
    try {
      for (int round = 0; round < 30; round++) {
        String collection = "c" + random.nextInt(2);
        assertEquals(scan(store, collection), StoreFixture.await(store.digest(collection)), "seed " + seed);
        for (int i = 0; i < 20; i++) {
          String id = "r" + random.nextInt(40);
          switch (random.nextInt(4)) {
            case 0, 1 -> StoreFixture.await(store.put(collection, id, new JsonObject().put("v", random.nextInt())));
            case 2 -> StoreFixture.await(store.delete(collection, id));
            default -> {
              List<RemoteRecord> batch = new ArrayList<>();
              batch.add(new RemoteRecord(collection, id, "", ++hubVersion[0], random.nextInt(5) == 0,
                  new JsonObject().put("hub", hubVersion[0]), "other", false));
              StoreFixture.await(store.applyPull("central", batch, hubVersion[0]));
            }
          }
        }
        if (random.nextBoolean()) {
          StoreFixture.ackAll(store, hubVersion);
        }
        if (round % 10 == 9) {
          store.close();
          store = StoreFixture.open(dir, Durability.COMMIT);
        }
        for (String c : List.of("c0", "c1")) {
          assertEquals(scan(store, c), StoreFixture.await(store.digest(c)), "seed " + seed + ", round " + round);
        }
      }
    } finally {
      store.close();
    }
  }

  private static ScopeDigest scan(EdgeStore store, String collection) {
    return StoreFixture.await(store.worker().read(() -> store.maps().scan(collection)));
  }
}
