package outpost.edge.store.impl;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import outpost.common.mvstore.Utf8StringType;

/**
 * A local write as the redo journal holds it: enough to run it again, with the time it was stamped with, on the
 * state of the last checkpoint. Every other kind of write is checkpointed in its own group, so replaying these in
 * order rebuilds exactly what was acknowledged. Values travel as the JSON text the write stored.
 *
 * @param items for a write, the records (id and JSON); for a deletion, the one id with a null JSON
 */
public record RedoOp(boolean delete, long now, String collection, List<LocalWrites.Item> items) {
  private static final byte WRITE = 1;
  private static final byte DELETE = 2;

  /** The start of a record: its kind and the time the write was stamped with, known only when it runs. */
  public static byte[] head(boolean delete, long now) {
    WriteBuffer b = new WriteBuffer(16);
    b.put(delete ? DELETE : WRITE).putVarLong(now);
    return bytes(b);
  }

  /**
   * The rest of a record (collection, ids and JSON), which does not depend on when the write runs: the store encodes
   * it on the caller's thread. Null when an id or a value is missing: such a write is refused before it is journaled.
   */
  public static byte[] body(boolean delete, String collection, List<LocalWrites.Item> items) {
    if (collection == null || items.stream().anyMatch(i -> i.id() == null || !delete && i.json() == null)) {
      return null;
    }
    int size = 16 + collection.length();
    for (LocalWrites.Item item : items) {
      size += 8 + item.id().length() + (delete ? 0 : item.json().length()); // ASCII's size; the buffer grows if not
    }
    WriteBuffer b = new WriteBuffer(size);
    Utf8StringType.INSTANCE.write(b, collection);
    b.putVarInt(items.size());
    for (LocalWrites.Item item : items) {
      Utf8StringType.INSTANCE.write(b, item.id());
      if (!delete) {
        Utf8StringType.INSTANCE.write(b, item.json());
      }
    }
    return bytes(b);
  }

  private static byte[] bytes(WriteBuffer b) {
    ByteBuffer buf = b.getBuffer().flip();
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    return out;
  }

  static RedoOp decode(byte[] payload) {
    ByteBuffer in = ByteBuffer.wrap(payload);
    byte type = in.get();
    if (type != WRITE && type != DELETE) {
      throw new IllegalStateException("unknown redo record type " + type);
    }
    long now = DataUtils.readVarLong(in);
    String collection = Utf8StringType.INSTANCE.read(in);
    int n = DataUtils.readVarInt(in);
    List<LocalWrites.Item> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = Utf8StringType.INSTANCE.read(in);
      items.add(new LocalWrites.Item(id, null, type == WRITE ? Utf8StringType.INSTANCE.read(in) : null));
    }
    return new RedoOp(type == DELETE, now, collection, items);
  }
}
