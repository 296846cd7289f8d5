package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** A bulk write is one commit; one too large for that is refused whole, with the limit named. */
class BulkLimitTest {
  @TempDir
  Path dir;

  @Test
  void aBulkAboveTheLimitIsRefusedAndOneAtTheLimitIsStoredWhole() {
    try (EdgeStore store = StoreFixture.open(dir, Durability.COMMIT)) {
      OutpostException e = assertThrows(OutpostException.class,
          () -> StoreFixture.await(store.putAll("notes", items(EdgeStore.MAX_BULK_ITEMS + 1))));
      assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
      assertTrue(e.getMessage().contains("at most " + EdgeStore.MAX_BULK_ITEMS), e.getMessage());
      assertEquals(0, store.pending("central"), "nothing of the refused bulk was logged");
      assertEquals(EdgeStore.MAX_BULK_ITEMS, StoreFixture.await(store.putAll("notes", items(EdgeStore.MAX_BULK_ITEMS))));
      assertEquals(EdgeStore.MAX_BULK_ITEMS, store.pending("central"));
    }
  }

  private static List<EdgeStore.BulkItem> items(int n) {
    List<EdgeStore.BulkItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new EdgeStore.BulkItem("r" + i, new JsonObject().put("n", i)));
    }
    return items;
  }
}
