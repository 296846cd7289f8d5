package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.store.impl.RedoJournal;

/**
 * A node whose store cannot bring back every acknowledged write refuses to start, says why, and changes nothing
 * until the operator accepts the loss explicitly (docs/operations.md).
 */
class RecoveryRefusalTest {
  @TempDir
  Path dir;

  @Test
  void aJournaledWriteThatFailsToReplayStopsTheOpenAndNothingIsCheckpointedPastIt() throws IOException {
    Path data = dir.resolve("data");
    Path crash = dir.resolve("crash");
    try (EdgeStore store = StoreFixture.open(data, Durability.COMMIT)) {
      StoreFixture.await(store.put("notes", "x", new JsonObject().put("v", 1)));
      StoreFixture.await(store.put("notes", "y", new JsonObject().put("v", 1)));
      StoreFixture.await(store.write(() -> null)); // a checkpoint: x and y are in the file
      StoreFixture.await(store.put("notes", "x", new JsonObject().put("v", 2))); // in the journal only
      StoreFixture.await(store.put("notes", "z", new JsonObject().put("v", 3)));
      StoreFixture.copy(data, crash); // what a killed process leaves
    }
    // The page holding x comes back unreadable: its journaled update cannot be replayed onto it.
    DamagedStoreTest.plant(crash, mv -> DamagedStoreTest.damageRecord(mv, "notes", "x"));
    List<byte[]> journals = journals(crash);

    for (int attempt = 0; attempt < 2; attempt++) {
      OutpostException e = assertThrows(OutpostException.class, () -> StoreFixture.open(crash, Durability.COMMIT));
      assertEquals(ErrorCode.STORE_DAMAGED, e.code());
      assertTrue(e.getMessage().contains("edge.redo.") && e.getMessage().contains("notes")
          && e.getMessage().contains(crash.toString()), e.getMessage());
      assertTrue(e.getMessage().contains(EdgeStore.ACCEPT_DATA_LOSS), "names the way out: " + e.getMessage());
      for (int i = 0; i < journals.size(); i++) {
        assertArrayEquals(journals.get(i), journals(crash).get(i), "journal " + i + " is untouched");
      }
    }

    // The operator accepts the loss: the node starts, keeps every other write, and keeps the journals aside.
    Files.createFile(crash.resolve(EdgeStore.ACCEPT_DATA_LOSS));
    try (EdgeStore store = StoreFixture.open(crash, Durability.COMMIT)) {
      assertEquals(3, StoreFixture.await(store.get("notes", "z")).orElseThrow().data().getInteger("v"));
      assertEquals(1, StoreFixture.await(store.get("notes", "y")).orElseThrow().data().getInteger("v"));
    }
    assertFalse(Files.exists(crash.resolve(EdgeStore.ACCEPT_DATA_LOSS)), "the acceptance is used once");
    try (Stream<Path> files = Files.list(crash)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("edge.redo.0.lost-")),
          "the journals are kept aside");
    }
  }

  @Test
  void aStoreFileOlderThanItsJournalsByMoreThanOneCheckpointRefusesToStart() throws IOException {
    Path data = dir.resolve("data");
    Path older = dir.resolve("older.mv.db");
    Path crash = dir.resolve("crash");
    try (EdgeStore store = StoreFixture.open(data, Durability.COMMIT)) {
      StoreFixture.await(store.put("notes", "before", new JsonObject().put("v", 1)));
      StoreFixture.await(store.write(() -> null));
      Files.copy(data.resolve(EdgeStore.FILE_NAME), older);
      for (int i = 0; i < 3; i++) {
        StoreFixture.await(store.put("notes", "lost-" + i, new JsonObject().put("v", i)));
        StoreFixture.await(store.write(() -> null)); // checkpoints the older file lacks
      }
      StoreFixture.copy(data, crash);
    }
    Files.copy(older, crash.resolve(EdgeStore.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
    List<byte[]> journals = journals(crash);

    OutpostException e = assertThrows(OutpostException.class, () -> StoreFixture.open(crash, Durability.COMMIT));
    assertEquals(ErrorCode.STORE_DAMAGED, e.code());
    assertTrue(e.getMessage().contains(crash.resolve(EdgeStore.FILE_NAME).toString())
        && e.getMessage().contains("checkpoint"), e.getMessage());
    for (int i = 0; i < journals.size(); i++) {
      assertArrayEquals(journals.get(i), journals(crash).get(i), "journal " + i + " is untouched");
    }

    Files.createFile(crash.resolve(EdgeStore.ACCEPT_DATA_LOSS));
    try (EdgeStore store = StoreFixture.open(crash, Durability.COMMIT)) {
      assertTrue(StoreFixture.await(store.get("notes", "before")).isPresent());
    }
    try (EdgeStore again = StoreFixture.open(crash, Durability.COMMIT)) {
      assertTrue(StoreFixture.await(again.get("notes", "before")).isPresent(), "and it starts normally after");
    }
  }

  /**
   * A commit fails, and so does the replay of the journal that the rollback runs: the store stops committing (a
   * checkpoint would pass the write it could not replay) instead of going on without it; the next start replays it.
   */
  @Test
  void aReplayThatFailsWhileRunningStopsCommitsAndTheNextStartHasTheWrite() {
    Path data = dir.resolve("data");
    try (EdgeStore store = StoreFixture.open(data, Durability.COMMIT)) {
      StoreFixture.await(store.put("notes", "x", new JsonObject().put("v", 1))); // journaled, not checkpointed
      int[] step = {0};
      // y's steps: sequence, log entry, record, journal record, then its group's commit (5), and after that every
      // step of the rollback's replay of x.
      store.beforeEachStep(() -> {
        if (++step[0] >= 5) {
          throw new IllegalStateException("injected at step " + step[0]);
        }
      });
      assertThrows(IllegalStateException.class,
          () -> StoreFixture.await(store.put("notes", "y", new JsonObject().put("v", 2))));
      store.beforeEachStep(() -> { });
      OutpostException e = assertThrows(OutpostException.class,
          () -> StoreFixture.await(store.put("notes", "z", new JsonObject().put("v", 3))));
      assertEquals(ErrorCode.STORE_DAMAGED, e.code(), e.getMessage());
    }
    try (EdgeStore reopened = StoreFixture.open(data, Durability.COMMIT)) {
      assertEquals(1, StoreFixture.await(reopened.get("notes", "x")).orElseThrow().data().getInteger("v"));
      assertTrue(StoreFixture.await(reopened.get("notes", "y")).isEmpty(), "y was never acknowledged");
      assertTrue(StoreFixture.await(reopened.get("notes", "z")).isEmpty(), "nor was z");
    }
  }

  private static List<byte[]> journals(Path data) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String name : RedoJournal.FILE_NAMES) {
      out.add(Files.readAllBytes(data.resolve(name)));
    }
    return out;
  }

}
