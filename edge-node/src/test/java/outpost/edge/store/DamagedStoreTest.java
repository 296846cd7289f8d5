package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.mvstore.Maps;
import outpost.edge.store.impl.EdgeMaps;

/**
 * Values in the store file that the node cannot read (an older version's file, a bug, a disk error), planted
 * straight into the MVStore file: they are set aside or skipped, never in the way of the other records.
 */
class DamagedStoreTest {
  /** Nested past what the JSON reader accepts: a value an older version (or a bug) could have stored. */
  static final String TOO_DEEP = "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}";

  @TempDir
  Path dir;

  /** Edits the closed store's file directly, as an older version, a bug or a disk error would have left it. */
  static void plant(Path data, Consumer<MVStore> edit) {
    MVStore mv = EdgeStore.openFile(data.resolve(EdgeStore.FILE_NAME));
    try {
      edit.accept(mv);
      mv.commit();
    } finally {
      mv.close();
    }
  }

  /** Replaces the data of a stored log entry with JSON nested too deep to read. */
  static void damageEntry(MVStore mv, String hub, long seq) {
    var log = Maps.longToString(mv, "log:" + hub);
    String value = log.get(seq);
    assertNotNull(value, "entry " + seq);
    log.put(seq, value.replaceFirst("\"d\":\\{[^}]*\\}", "\"d\":" + TOO_DEEP.replace("$", "\\$")));
  }

  /** Replaces a stored record's JSON with JSON nested too deep to read (its prefix stays as it was). */
  static void damageRecord(MVStore mv, String collection, String id) {
    var records = Maps.strings(mv, "records");
    String key = new RecordKey(collection, id).encode();
    String value = records.get(key);
    assertNotNull(value, collection + "/" + id);
    records.put(key, value.substring(0, value.indexOf('{')) + TOO_DEEP);
  }

  /** The records, log and sequence exactly as stored. */
  static Map<String, String> raw(EdgeStore store) {
    return StoreFixture.await(store.worker().read(() -> {
      Map<String, String> out = new TreeMap<>();
      EdgeMaps maps = store.maps();
      maps.records.forEach((k, v) -> out.put("record " + k, v));
      maps.log("central").forEach((k, v) -> out.put("log " + k, v));
      maps.failed.forEach((k, v) -> out.put("failed " + k, v));
      out.put("seq", maps.meta.getOrDefault("seq", "0"));
      return out;
    }));
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void writeThree() {
    try (EdgeStore store = StoreFixture.open(data(), Durability.COMMIT)) {
      for (String id : List.of("a", "b", "c")) {
        StoreFixture.await(store.put("notes", id, new JsonObject().put("v", id)));
      }
    }
  }

  @Test
  void aDeleteThatCannotReadThePendingChangeChangesNothing() {
    writeThree();
    plant(data(), mv -> damageEntry(mv, "central", 2));
    Map<String, String> before;
    try (EdgeStore store = StoreFixture.open(data(), Durability.COMMIT)) {
      before = raw(store);
      OutpostException e = assertThrows(OutpostException.class, () -> StoreFixture.await(store.delete("notes", "b")));
      assertEquals(ErrorCode.STORE_DAMAGED, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("notes/b"), e.getMessage());
      assertEquals(before, raw(store), "the refused delete left the record, its pending change and the sequence");
    }
    try (EdgeStore reopened = StoreFixture.open(data(), Durability.COMMIT)) {
      assertEquals(before, raw(reopened), "and so does the file after a restart");
    }
  }

  @Test
  void listingsSkipAnUnreadableRecordAndCountIt() {
    writeThree();
    plant(data(), mv -> damageRecord(mv, "notes", "b"));
    try (EdgeStore store = StoreFixture.open(data(), Durability.COMMIT)) {
      EdgeStore.Page page = StoreFixture.await(store.list("notes", null, 10));
      assertEquals(List.of("a", "c"), page.items().stream().map(LocalRecord::id).toList());
      assertEquals(1, page.unreadable());
      EdgeStore.Page first = StoreFixture.await(store.list("notes", null, 1));
      EdgeStore.Page second = StoreFixture.await(store.list("notes", first.next(), 1));
      assertEquals(List.of("a"), first.items().stream().map(LocalRecord::id).toList());
      assertEquals(List.of("c"), second.items().stream().map(LocalRecord::id).toList(), "paging reads past it");
      assertEquals(1, first.unreadable() + second.unreadable(), "counted once over the pages");

      OutpostException e = assertThrows(OutpostException.class, () -> StoreFixture.await(store.get("notes", "b")));
      assertEquals(ErrorCode.STORE_DAMAGED, e.code());
      assertTrue(e.getMessage().contains("notes/b") && e.getMessage().contains("damaged"), e.getMessage());
      assertEquals("a", StoreFixture.await(store.get("notes", "a")).orElseThrow().data().getString("v"));
    }
  }

  @Test
  void thePushReadsPastAnUnreadableChangeAndSetsItAsideAsAFailedItem() {
    writeThree();
    plant(data(), mv -> damageEntry(mv, "central", 2));
    try (EdgeStore store = StoreFixture.open(data(), Durability.COMMIT)) {
      List<LogEntry> entries = StoreFixture.await(store.readLog("central", 0, 10));
      assertEquals(List.of("a", "c"), entries.stream().map(LogEntry::id).toList());

      List<JsonObject> failed = StoreFixture.await(new FailedItems(store).list());
      assertEquals(1, failed.size(), failed.toString());
      JsonObject item = failed.get(0);
      assertEquals(2L, item.getLong("seq"));
      assertEquals(ErrorCode.STORE_DAMAGED.name(), item.getString("code"));
      assertTrue(item.getString("reason").contains("cannot be read"), item.getString("reason"));
      assertEquals("b", item.getJsonObject("change").getString("i"));
      assertTrue(item.getString("raw").contains("[[["), "the stored text is kept for support");
      LocalRecord b = StoreFixture.await(store.get("notes", "b")).orElseThrow();
      assertEquals(RecordState.FAILED, b.state());
      assertFalse(b.hasPending(), "the record no longer waits for the change that was set aside");
      assertEquals(2, store.pending("central"));

      // The record takes new writes again, and the failed item can be discarded.
      StoreFixture.await(store.put("notes", "b", new JsonObject().put("v", "b2")));
      assertEquals(3, store.pending("central"));
      StoreFixture.await(new FailedItems(store).discard(2));
      assertEquals(List.of(), StoreFixture.await(new FailedItems(store).list()));
      assertEquals("b2", StoreFixture.await(store.get("notes", "b")).orElseThrow().data().getString("v"));
    }
    try (EdgeStore reopened = StoreFixture.open(data(), Durability.COMMIT)) {
      assertEquals(List.of("a", "c", "b"),
          StoreFixture.await(reopened.readLog("central", 0, 10)).stream().map(LogEntry::id).toList());
    }
  }

  @Test
  void anUnreadableChangeOfAnUnreadableRecordSetsBothAsideAndTheIdTakesNewWrites() {
    writeThree();
    plant(data(), mv -> {
      damageEntry(mv, "central", 2);
      damageRecord(mv, "notes", "b");
    });
    try (EdgeStore store = StoreFixture.open(data(), Durability.COMMIT)) {
      assertEquals(List.of("a", "c"),
          StoreFixture.await(store.readLog("central", 0, 10)).stream().map(LogEntry::id).toList());
      assertEquals(2, StoreFixture.await(new FailedItems(store).list()).size(), "the change and the record");
      assertEquals(0, StoreFixture.await(new FailedItems(store).retry(null)), "nothing readable to send again");
      assertTrue(StoreFixture.await(store.get("notes", "b")).isEmpty(), "the record no longer stands in the way");
      StoreFixture.await(new FailedItems(store).discard(2));
      List<JsonObject> failed = StoreFixture.await(new FailedItems(store).list());
      assertEquals(1, failed.size(), failed.toString());
      assertEquals("record", failed.get(0).getString("setAside"));
      assertTrue(failed.get(0).getString("raw").contains("[[["), "its stored text is kept");
      StoreFixture.await(store.put("notes", "b", new JsonObject().put("v", "new")));
      assertEquals("new", StoreFixture.await(store.get("notes", "b")).orElseThrow().data().getString("v"));
    }
  }

  @Test
  void aPullOverAnUnreadableRecordSetsItAsideAndTakesTheHubsValue() {
    writeThree();
    try (EdgeStore store = StoreFixture.open(data(), Durability.COMMIT)) {
      StoreFixture.ackAll(store, new long[] {0});
    }
    plant(data(), mv -> damageRecord(mv, "notes", "b"));
    try (EdgeStore store = StoreFixture.open(data(), Durability.COMMIT)) {
      StoreFixture.await(store.applyPull("central", List.of(new RemoteRecord("notes", "b", "", 9, false,
          new JsonObject().put("v", "hub"), "other", false, false)), 9));
      assertEquals("hub", StoreFixture.await(store.get("notes", "b")).orElseThrow().data().getString("v"));
      List<JsonObject> failed = StoreFixture.await(new FailedItems(store).list());
      assertEquals(1, failed.size(), failed.toString());
      assertEquals(ErrorCode.STORE_DAMAGED.name(), failed.get(0).getString("code"));
      assertTrue(failed.get(0).getString("raw").contains("[[["));
      assertEquals(0, StoreFixture.await(store.list("notes", null, 10)).unreadable());
    }
  }
}
