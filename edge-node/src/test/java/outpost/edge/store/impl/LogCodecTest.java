package outpost.edge.store.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import outpost.common.merge.ChangeOp;
import outpost.edge.store.LogEntry;

/** Stored entries and journal records read back as written, whatever characters names and ids hold. */
class LogCodecTest {
  private static final List<String> AWKWARD = List.of("plain", "with \"quotes\"", "back\\slash", "tab\tnew\nline",
      "nul\u0000bell\u0007", "é and \u3042", "emoji \uD83D\uDE00", "");

  @Test
  void anEntryReadsBackAsWrittenWithAnyCharacters() {
    for (String s : AWKWARD) {
      String collection = "notes";
      String id = s.isEmpty() ? "x" : s;
      JsonObject data = new JsonObject().put(s, s).put("n", 1);
      LogEntry entry = new LogEntry(7, collection, id, ChangeOp.PUT, data, Set.of(s, "n"), 3, "site \"a\"", "", 99);
      String stored = LogCodec.encode(entry);
      assertEquals(entry, LogCodec.decode(7, stored), stored);
      assertTrue(stored.startsWith(LogCodec.prefixOf(collection)), "the collection leads the stored text");
      assertEquals(entry.toJson().getString("i"), id);
    }
  }

  @Test
  void aJournalRecordReadsBackAsTheWriteItWas() {
    List<LocalWrites.Item> items = AWKWARD.stream()
        .map(s -> LocalWrites.Item.of("id " + s, new JsonObject().put("v", s))).toList();
    byte[] head = RedoOp.head(false, 1234567890123L);
    byte[] body = RedoOp.body(false, "notes", items);
    byte[] payload = new byte[head.length + body.length];
    System.arraycopy(head, 0, payload, 0, head.length);
    System.arraycopy(body, 0, payload, head.length, body.length);
    RedoOp op = RedoOp.decode(payload);
    assertEquals(1234567890123L, op.now());
    assertEquals("notes", op.collection());
    assertEquals(items.size(), op.items().size());
    for (int i = 0; i < items.size(); i++) {
      assertEquals(items.get(i).id(), op.items().get(i).id());
      assertEquals(items.get(i).json(), op.items().get(i).json());
    }
    RedoOp deletion = RedoOp.decode(concat(RedoOp.head(true, 5), RedoOp.body(true, "notes",
        List.of(new LocalWrites.Item("gone", null, null)))));
    assertTrue(deletion.delete());
    assertEquals("gone", deletion.items().get(0).id());
    assertEquals(null, RedoOp.body(false, "notes", List.of(new LocalWrites.Item("no value", null, null))),
        "a write without a value has no journal record (it is refused before it is journaled)");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
