package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.store.impl.EdgeMaps;

/** A data file of another layout, or one another store holds, is refused with a clear message instead of being misread. */
class LayoutVersionTest {
  @TempDir
  Path dir;

  @Test
  void aFileOfTheFirstLayoutIsRefusedAndLeftUntouched() {
    Path file = dir.resolve(EdgeStore.FILE_NAME);
    try (MVStore old = new MVStore.Builder().fileName(file.toString()).open()) {
      old.<String, String>openMap("records").put("notes\u0000a", "0;0;1;0;;{\"n\":1}");
      old.commit();
    }
    OutpostException e = assertThrows(OutpostException.class, () -> StoreFixture.open(dir, Durability.COMMIT));
    assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
    assertTrue(e.getMessage().contains("layout 1") && e.getMessage().contains("layout " + EdgeMaps.FORMAT),
        e.getMessage());
    try (MVStore old = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
      assertEquals("0;0;1;0;;{\"n\":1}", old.<String, String>openMap("records").get("notes\u0000a"),
          "the refused file keeps its data");
    }
  }

  @Test
  void aFileOfALaterLayoutIsRefused() {
    try (MVStore later = new MVStore.Builder().fileName(dir.resolve(EdgeStore.FILE_NAME).toString()).open()) {
      later.openMap("meta").put("format", String.valueOf(Integer.parseInt(EdgeMaps.FORMAT) + 1));
      later.commit();
    }
    OutpostException e = assertThrows(OutpostException.class, () -> StoreFixture.open(dir, Durability.COMMIT));
    assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
    assertTrue(e.getMessage().contains("has layout " + (Integer.parseInt(EdgeMaps.FORMAT) + 1)
        + " but this version reads layout " + EdgeMaps.FORMAT),
        e.getMessage());
  }

  @Test
  void aDataDirHeldByAnotherStoreIsRefusedClearly() {
    try (EdgeStore first = StoreFixture.open(dir, Durability.COMMIT)) {
      OutpostException e = assertThrows(OutpostException.class, () -> StoreFixture.open(dir, Durability.COMMIT));
      assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
      assertTrue(e.getMessage().contains("edge data dir " + dir + " is in use by another process"), e.getMessage());
      StoreFixture.await(first.put("notes", "a", new JsonObject().put("n", 1)));
    }
    try (EdgeStore store = StoreFixture.open(dir, Durability.COMMIT)) {
      assertEquals(1, StoreFixture.await(store.get("notes", "a")).orElseThrow().data().getInteger("n"),
          "the dir opens once the first store let go");
    }
  }

  @Test
  void aFileOfThisLayoutReopens() {
    try (EdgeStore store = StoreFixture.open(dir, Durability.COMMIT)) {
      StoreFixture.await(store.put("notes", "a", new JsonObject().put("text", "Grüße 🏥")));
    }
    try (EdgeStore store = StoreFixture.open(dir, Durability.COMMIT)) {
      assertEquals("Grüße 🏥", StoreFixture.await(store.get("notes", "a")).orElseThrow().data().getString("text"));
    }
  }
}
