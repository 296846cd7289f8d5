package outpost.edge.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import outpost.common.merge.ChangeOp;

/**
 * One pending local change in a hub's log, keyed by the edge's origin sequence.
 *
 * @param changedFields the top-level fields set or removed since {@code baseVersion}
 * @param baseVersion the hub version the change was based on (the oldest, after coalescing)
 * @param resolution "hub", "local" or "merged" when the change resolves a conflict, else ""
 */
public record LogEntry(long seq, String collection, String id, ChangeOp op, JsonObject data,
    Set<String> changedFields, long baseVersion, String owner, String resolution, long writtenAtMillis) {

  public LogEntry {
    data = data == null ? new JsonObject() : data;
    changedFields = Set.copyOf(changedFields);
    owner = owner == null ? "" : owner;
    resolution = resolution == null ? "" : resolution;
  }

  /** This change folded into a later one: the latest value, the union of fields, the oldest base. */
  LogEntry coalesce(long newSeq, ChangeOp newOp, JsonObject newData, Set<String> newFields, String newResolution,
      long now) {
    Set<String> fields = new LinkedHashSet<>(changedFields);
    fields.addAll(newFields);
    String res = newResolution.isEmpty() ? resolution : newResolution;
    return new LogEntry(newSeq, collection, id, newOp, newData, fields, baseVersion, owner, res, now);
  }

  String encode() {
    return encode(data.encode());
  }

  /**
   * The stored form, with the data already encoded: a local write encodes its value once for both the record
   * and this entry. The collection comes first, so {@link #prefixOf} can tell an entry's collection from its text.
   */
  String encode(String dataJson) {
    StringBuilder b = new StringBuilder(dataJson.length() + 64 + 24 * changedFields.size() + id.length());
    b.append("{\"c\":");
    quote(b, collection).append(",\"i\":");
    quote(b, id).append(",\"op\":\"").append(op.name()).append("\",\"d\":").append(dataJson).append(",\"f\":[");
    int n = 0;
    for (String f : changedFields) {
      quote(n++ == 0 ? b : b.append(','), f);
    }
    b.append("],\"b\":").append(baseVersion).append(",\"o\":");
    quote(b, owner).append(",\"r\":");
    quote(b, resolution).append(",\"t\":").append(writtenAtMillis).append('}');
    return b.toString();
  }

  /** The leading text of every stored entry of a collection: a scan tells an entry's collection without parsing. */
  static String prefixOf(String collection) {
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
  static LogEntry decode(long seq, String value) {
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

  public JsonObject toJson() {
    return new JsonObject(encode()).put("seq", seq);
  }
}
