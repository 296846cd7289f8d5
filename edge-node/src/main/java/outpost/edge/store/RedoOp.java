package outpost.edge.store;

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
record RedoOp(boolean delete, long now, String collection, List<LocalWrites.Item> items) {
  private static final byte WRITE = 1;
  private static final byte DELETE = 2;

  byte[] encode() {
    WriteBuffer b = new WriteBuffer(items.size() == 1 ? 1024 : items.size() * 700);
    b.put(delete ? DELETE : WRITE).putVarLong(now);
    Utf8StringType.INSTANCE.write(b, collection);
    b.putVarInt(items.size());
    for (LocalWrites.Item item : items) {
      Utf8StringType.INSTANCE.write(b, item.id());
      if (!delete) {
        Utf8StringType.INSTANCE.write(b, item.json());
      }
    }
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
