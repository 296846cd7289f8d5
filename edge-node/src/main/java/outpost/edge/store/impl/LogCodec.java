package outpost.edge.store.impl;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import outpost.common.merge.ChangeOp;
import outpost.edge.store.LogEntry;

/** The stored form of a {@link LogEntry} in a hub's log map: written and read only by the store. */
public final class LogCodec {
  private LogCodec() {
  }

  public static String encode(LogEntry e) {
    return encode(e, e.data().encode());
  }

  /**
   * The stored form, with the data already encoded: a local write encodes its value once for both the record
   * and the entry. The collection comes first, so {@link #prefixOf} can tell an entry's collection from its text.
   */
  public static String encode(LogEntry e, String dataJson) {
    StringBuilder b = new StringBuilder(dataJson.length() + 64 + 24 * e.changedFields().size() + e.id().length());
    b.append("{\"c\":");
    quote(b, e.collection()).append(",\"i\":");
    quote(b, e.id()).append(",\"op\":\"").append(e.op().name()).append("\",\"d\":").append(dataJson)
        .append(",\"f\":[");
    int n = 0;
    for (String f : e.changedFields()) {
      quote(n++ == 0 ? b : b.append(','), f);
    }
    b.append("],\"b\":").append(e.baseVersion()).append(",\"o\":");
    quote(b, e.owner()).append(",\"r\":");
    quote(b, e.resolution()).append(",\"t\":").append(e.writtenAtMillis()).append('}');
    return b.toString();
  }

  /** The leading text of every stored entry of a collection: a scan tells an entry's collection without parsing. */
  public static String prefixOf(String collection) {
    return quote(new StringBuilder("{\"c\":"), collection).append(',').toString();
  }

  /** Appends a JSON string literal (RFC 8259 escapes). */
  private static StringBuilder quote(StringBuilder b, String s) {
    b.append('"');
    if (plain(s)) {
      return b.append(s).append('"'); // ids and field names nearly always: one bulk copy
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }

  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** The stored entry; STORE_DAMAGED (naming it) when its value cannot be read, whatever the reason. */
  public static LogEntry decode(long seq, String value) {
    try {
      return parse(seq, value);
    } catch (RuntimeException e) {
      throw Damage.entry(seq, value, e);
    }
  }

  private static LogEntry parse(long seq, String value) {
    JsonObject j = new JsonObject(value);
    Set<String> fields = new LinkedHashSet<>();
    j.getJsonArray("f").forEach(f -> fields.add((String) f));
    return new LogEntry(seq, j.getString("c"), j.getString("i"), ChangeOp.valueOf(j.getString("op")),
        j.getJsonObject("d"), fields, j.getLong("b"), j.getString("o"), j.getString("r"), j.getLong("t"));
  }
}
