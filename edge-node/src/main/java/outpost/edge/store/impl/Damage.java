package outpost.edge.store.impl;

import io.vertx.core.json.JsonObject;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.store.LocalRecord;
import outpost.edge.store.LogEntry;
import outpost.edge.store.RecordState;
import outpost.edge.store.Tally;

/**
 * Stored values this node cannot read (a file of an older version, a bug, a disk error): how they are reported, and
 * how a write that meets one sets it aside as a failed item (code {@code STORE_DAMAGED}, the reason, and the stored
 * text itself under {@code raw}) so that it never blocks the records and changes around it. Writer thread only.
 */
public final class Damage {
  /** How much of a decoder's message a reason keeps (Jackson's can quote the whole input). */
  private static final int REASON_CHARS = 300;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Damage.class);

  private Damage() {}

  static OutpostException record(RecordKey key, RuntimeException cause) {
    return new OutpostException(ErrorCode.STORE_DAMAGED, "record " + key.collection() + "/" + key.id()
        + " is damaged in this node's store and cannot be read (" + reason(cause) + "); it is set aside as a failed"
        + " item when the hub next sends the record", cause);
  }

  public static OutpostException entry(long seq, String value, RuntimeException cause) {
    Head head = Head.of(value);
    return new OutpostException(ErrorCode.STORE_DAMAGED, "the pending change " + seq
        + (head.id() == null ? "" : " of " + head.collection() + "/" + head.id())
        + " is damaged in this node's store and cannot be read (" + reason(cause) + "); the next sync sets it aside"
        + " as a failed item", cause);
  }

  static String reason(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int line = m.indexOf('\n');
    m = line >= 0 ? m.substring(0, line) : m;
    return m.length() > REASON_CHARS ? m.substring(0, REASON_CHARS) + "..." : m;
  }

  /** Sets aside the unreadable entries of a hub's log; answers them counted as failed per collection. */
  public static Tally setAsideEntries(EdgeMaps maps, String hub, java.util.List<Long> seqs, String syncId, long now) {
    Tally tally = new Tally();
    for (long seq : seqs) {
      String collection = setAsideEntry(maps, hub, seq, syncId, now);
      if (collection != null) {
        LOG.error("pending change {} for hub {} cannot be read: set aside as a failed item", seq, hub);
        tally.add(collection, Tally.Kind.FAILED);
      }
    }
    return tally;
  }

  /**
   * Moves an unreadable log entry out of the hub's log into the failed items, and releases its record from waiting
   * for it; answers the collection it belonged to ("" when even that cannot be read).
   */
  static String setAsideEntry(EdgeMaps maps, String hub, long seq, String syncId, long now) {
    String raw = maps.log(hub).get(seq);
    if (raw == null) {
      return null;
    }
    Head head = Head.of(raw);
    String reason;
    try {
      LogCodec.decode(seq, raw);
      return null; // readable after all
    } catch (OutpostException e) {
      reason = e.getMessage();
    }
    maps.logRemove(hub, seq);
    // Damage may have changed the text the entry was counted by: the hub's counts are taken from its log again.
    maps.pending.recount(hub, maps.log(hub));
    JsonObject change = new JsonObject().put("c", head.collection()).put("i", head.id()).put("op", head.op())
        .put("seq", seq);
    long hubVersion = 0;
    if (head.id() != null) {
      RecordKey key = new RecordKey(head.collection(), head.id());
      LocalRecord cur = readable(maps, key, hub, syncId, now);
      if (cur != null && cur.pendingSeq() == seq) {
        hubVersion = cur.hubVersion();
        maps.putRecord(cur.withPending(0).withHub(cur.hubVersion(), cur.hubDeleted(), RecordState.FAILED));
      }
    }
    failed(maps, seq, hub, syncId, reason, now, change, hubVersion, raw, "change");
    return head.collection() == null ? "" : head.collection();
  }

  /** The record, or null after moving an unreadable one into the failed items (its key is then free). */
  public static LocalRecord readable(EdgeMaps maps, RecordKey key, String hub, String syncId, long now) {
    try {
      return maps.record(key);
    } catch (OutpostException e) {
      if (e.code() != ErrorCode.STORE_DAMAGED) {
        throw e;
      }
      String raw = maps.records.get(key.encode());
      maps.removeRecord(key);
      long seq = maps.nextSeq(); // a number no change carries: the failed item's key
      failed(maps, seq, hub, syncId, e.getMessage(), now,
          new JsonObject().put("c", key.collection()).put("i", key.id()).put("seq", seq), 0, raw, "record");
      return null;
    }
  }

  private static void failed(EdgeMaps maps, long seq, String hub, String syncId, String reason, long now,
      JsonObject change, long hubVersion, String raw, String what) {
    JsonObject item = new JsonObject().put("seq", seq).put("hubName", hub).put("syncId", syncId)
        .put("code", ErrorCode.STORE_DAMAGED.name()).put("reason", reason).put("at", now).put("change", change)
        .put("hub", new JsonObject().put("data", null).put("deleted", false).put("version", hubVersion))
        .put("setAside", what).put("raw", raw);
    maps.put(maps.failed, seq, item.encode());
  }

  /** Whether a failed item holds a stored value set aside as unreadable (it cannot be retried, only discarded). */
  public static boolean isSetAside(JsonObject item) {
    return item.containsKey("setAside");
  }

  /** Whether a failed item holds an unreadable pending change (its record, if readable, stayed). */
  public static boolean isSetAsideChange(JsonObject item) {
    return "change".equals(item.getString("setAside"));
  }

  /**
   * The leading fields of a stored log entry ({@link LogCodec#encode} writes collection, id and operation first),
   * read without parsing the rest: enough to tell whose change an unreadable entry was. Nulls where even these
   * cannot be read.
   */
  record Head(String collection, String id, String op) {
    static Head of(String value) {
      try {
        int[] at = {0};
        expect(value, at, "{\"c\":");
        String c = string(value, at);
        expect(value, at, ",\"i\":");
        String i = string(value, at);
        expect(value, at, ",\"op\":");
        return new Head(c, i, string(value, at));
      } catch (RuntimeException e) {
        return new Head(null, null, null);
      }
    }

    private static void expect(String s, int[] at, String text) {
      if (!s.startsWith(text, at[0])) {
        throw new IllegalArgumentException("expected " + text);
      }
      at[0] += text.length();
    }

    /** A JSON string literal with the escapes {@link LogCodec} writes. */
    private static String string(String s, int[] at) {
      expect(s, at, "\"");
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = s.charAt(at[0]++);
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = s.charAt(at[0]++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            b.append((char) Integer.parseInt(s, at[0], at[0] + 4, 16));
            at[0] += 4;
          }
          default -> b.append(e);
        }
      }
    }
  }
}
