package outpost.common.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** The one opener of MVStore files: the store's settings, a held file and a file of another layout, on real files. */
class StoreFileTest {
  private static final StoreFile.Layout LAYOUT = new StoreFile.Layout("test data", "format", "3", "1", "start over");

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("test.mv.db");
  }

  @Test
  void aNewFileIsCreatedWithItsFolderTheStoresSettingsAndItsLayoutMark() {
    Path file = dir.resolve("nested").resolve("test.mv.db");
    try (MVStore store = StoreFile.open(file, new MVStore.Builder().autoCommitDisabled().cacheSize(3), LAYOUT)) {
      assertEquals(3, store.getCacheSize());
      assertEquals(0, store.getAutoCommitDelay(), "autoCommitDisabled was applied");
      assertEquals("3", store.openMap(StoreFile.META).get("format"));
      store.commit();
    }
    try (MVStore store = StoreFile.open(file, new MVStore.Builder(), LAYOUT)) {
      assertEquals("3", store.openMap(StoreFile.META).get("format"), "the file of this layout reopens");
    }
  }

  @Test
  void aFileHeldByAnotherStoreIsRefusedAsLocked() {
    try (MVStore first = StoreFile.open(file(), new MVStore.Builder(), LAYOUT)) {
      StoreFile.LockedException e = assertThrows(StoreFile.LockedException.class,
          () -> StoreFile.open(file(), new MVStore.Builder(), LAYOUT));
      assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
      assertEquals("test data dir " + file().getParent() + " is in use by another process", e.getMessage());
    }
    StoreFile.open(file(), new MVStore.Builder(), LAYOUT).close();
  }

  @Test
  void aFileMarkedWithAnotherLayoutIsRefusedAndLeftUntouched() {
    try (MVStore other = new MVStore.Builder().fileName(file().toString()).open()) {
      other.openMap(StoreFile.META).put("format", "4");
      other.<String, String>openMap("records").put("k", "v");
      other.commit();
    }
    OutpostException e = assertThrows(OutpostException.class,
        () -> StoreFile.open(file(), new MVStore.Builder(), LAYOUT));
    assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
    assertTrue(e.getMessage().contains("has layout 4 but this version reads layout 3; start over"), e.getMessage());
    try (MVStore other = new MVStore.Builder().fileName(file().toString()).readOnly().open()) {
      assertEquals("v", other.<String, String>openMap("records").get("k"));
      assertEquals("4", other.openMap(StoreFile.META).get("format"));
    }
  }

  @Test
  void anUnmarkedFileWithMapsIsOfTheUnmarkedLayout() {
    try (MVStore old = new MVStore.Builder().fileName(file().toString()).open()) {
      old.<String, String>openMap("records").put("k", "v");
      old.commit();
    }
    OutpostException e = assertThrows(OutpostException.class,
        () -> StoreFile.open(file(), new MVStore.Builder(), LAYOUT));
    assertTrue(e.getMessage().contains("has layout 1"), e.getMessage());
    StoreFile.Layout current = new StoreFile.Layout("test data", "format", "3", null, "start over");
    try (MVStore store = StoreFile.open(file(), new MVStore.Builder(), current)) {
      assertEquals("3", store.openMap(StoreFile.META).get("format"), "without an unmarked layout it is this one");
    }
  }

  @Test
  void theLayoutBeforeIsMarkedCurrentOnlyWhereTheStoreUpgradesIt() {
    try (MVStore old = new MVStore.Builder().fileName(file().toString()).open()) {
      old.<String, String>openMap("records").put("k", "v");
      old.openMap(StoreFile.META).put("format", "2");
      old.commit();
    }
    OutpostException e = assertThrows(OutpostException.class,
        () -> StoreFile.open(file(), new MVStore.Builder(), LAYOUT));
    assertTrue(e.getMessage().contains("has layout 2"), e.getMessage());
    StoreFile.Layout upgrading = new StoreFile.Layout("test data", "format", "3", "1", "start over", "2");
    try (MVStore store = StoreFile.open(file(), new MVStore.Builder(), upgrading)) {
      assertEquals("3", store.openMap(StoreFile.META).get("format"));
      assertEquals("v", store.<String, String>openMap("records").get("k"), "the data stays");
    }
  }
}
