package outpost.hub.ingest;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonObject;

/**
 * The wire form of record data, remembered per data object in a direct-mapped table keyed by identity (hashing
 * a JSON object by value would cost as much as encoding it). The embedded store's pull reader returns the same
 * parsed record while its stored text is unchanged, so a record that many sites pull, like a shared catalogue,
 * is encoded once. Data objects are never changed after they are stored, which is what makes identity a safe
 * key. Entries are immutable and published by a single reference write, so threads may share the table.
 */
final class EncodedData {
  private record Entry(JsonObject data, ByteString bytes) {}

  private final Entry[] table;

  EncodedData(int capacity) {
    table = new Entry[Integer.highestOneBit(Math.max(2, capacity))];
  }

  ByteString of(JsonObject data) {
    int slot = System.identityHashCode(data) & (table.length - 1);
    Entry e = table[slot];
    if (e != null && e.data() == data) {
      return e.bytes();
    }
    ByteString bytes = ProtoMapping.json(data);
    table[slot] = new Entry(data, bytes);
    return bytes;
  }
}
