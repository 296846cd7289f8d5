package outpost.edge.store.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The redo journal beside the MVStore file: local writes made since the last checkpoint (MVStore commit), so that
 * a write is durable once its record is written here (and forced, under {@code fsync}) instead of once MVStore
 * has rewritten every B-tree page it touched. A checkpoint then writes those pages once for many writes.
 *
 * <p>Layout: a header (magic, epoch), then records {@code [int length][int crc][payload]}; the CRC covers the
 * epoch and the payload. A checkpoint stores a new epoch in the MVStore file and then starts the journal over
 * under it, overwriting in place: the file keeps its size, so forcing an append does not also force a change of
 * length. Reading stops at the first record that is torn, zero or of another epoch, so records left over from
 * an earlier epoch, or half written when the process died, are never replayed; such a record was never
 * acknowledged either, since a write is acknowledged only after its group's records are written.
 *
 * <p>Used by the store's writer thread only.
 */
public final class RedoJournal implements AutoCloseable {
  /** The two journal files: while one checkpoint's chunk is still being stored, later writes go to the other. */
  public static final List<String> FILE_NAMES = List.of("edge.redo.0", "edge.redo.1");
  private static final int MAGIC = 0x4F505244;
  static final int HEADER = 12;
  private static final int RECORD_HEAD = 8;

  private final Path file;
  private final FileChannel channel;
  private final boolean force;
  private long epoch = -1;
  /** The end of the last record written. */
  private long end = HEADER;
  private ByteBuffer buffer = ByteBuffer.allocate(64 << 10);

  private RedoJournal(Path file, FileChannel channel, boolean force) {
    this.file = file;
    this.channel = channel;
    this.force = force;
  }

  /** Opens (or creates) the journal; {@code force} makes {@link #flush} and {@link #reset} force the disk. */
  public static RedoJournal open(Path file, boolean force) {
    try {
      return new RedoJournal(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE), force);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the redo journal " + file, e);
    }
  }

  Path file() {
    return file;
  }

  /** The epoch in the file's header, or -1 when it has none. */
  long headerEpoch() {
    try {
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      return readFully(head, 0) == HEADER && head.getInt(0) == MAGIC ? head.getLong(4) : -1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the redo journal", e);
    }
  }

  /**
   * The payloads written under {@code expectedEpoch}, in order, up to the first torn or foreign record; empty when
   * the journal belongs to another epoch. Later appends go after the last payload returned.
   */
  List<byte[]> read(long expectedEpoch) {
    List<byte[]> out = new ArrayList<>();
    try {
      epoch = expectedEpoch;
      end = HEADER;
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      if (readFully(head, 0) < HEADER || head.getInt(0) != MAGIC || head.getLong(4) != expectedEpoch) {
        return out;
      }
      ByteBuffer recordHead = ByteBuffer.allocate(RECORD_HEAD);
      while (readFully(recordHead.clear(), end) == RECORD_HEAD) {
        int length = recordHead.getInt(0);
        if (length <= 0 || end + RECORD_HEAD + length > channel.size()) {
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        if (readFully(payload, end + RECORD_HEAD) < length || recordHead.getInt(4) != crc(payload.array(), length)) {
          break;
        }
        out.add(payload.array());
        end += RECORD_HEAD + length;
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the redo journal", e);
    }
  }

  /** Adds a record to the current group; it is written by the next {@link #flush}. */
  void append(byte[] payload) {
    append(payload, new byte[0]);
  }

  /** As {@link #append(byte[])}, with the payload in two parts (a write's head and its body, encoded apart). */
  void append(byte[] head, byte[] body) {
    int length = head.length + body.length;
    int need = RECORD_HEAD + length;
    if (buffer.remaining() < need) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + need));
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
    CRC32C crc = crc();
    crc.update(head);
    crc.update(body);
    buffer.putInt(length).putInt((int) crc.getValue()).put(head).put(body);
  }

  /** Whether records wait to be flushed. */
  boolean hasBuffered() {
    return buffer.position() > 0;
  }

  /** Writes the group's records (and forces them under fsync durability). */
  void flush() {
    if (buffer.position() == 0) {
      return;
    }
    try {
      buffer.flip();
      long at = end;
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
      if (force) {
        channel.force(false);
      }
      end = at;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the redo journal", e);
    } finally {
      buffer.clear();
    }
    shrinkBuffer();
  }

  /** Drops the group's records (its changes were rolled back, or went into a checkpoint). */
  void discardBuffered() {
    buffer.clear();
    shrinkBuffer();
  }

  /** Starts the journal over under a new epoch, after a checkpoint that holds everything written so far. */
  void reset(long newEpoch) {
    discardBuffered();
    try {
      ByteBuffer head = ByteBuffer.allocate(HEADER).putInt(MAGIC).putLong(newEpoch).flip();
      while (head.hasRemaining()) {
        channel.write(head, head.position());
      }
      if (force) {
        channel.force(false);
      }
      epoch = newEpoch;
      end = HEADER;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reset the redo journal", e);
    }
  }

  /** The file's length: it keeps the most it has held (rewriting in place), until {@link #shrink}. */
  long fileSize() {
    try {
      return channel.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the redo journal's size", e);
    }
  }

  /** Cuts the file back to what it holds now (compaction: the disk use follows the live data). */
  void shrink() {
    try {
      channel.truncate(end);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot shrink the redo journal", e);
    }
  }

  /** Bytes of records written under the current epoch. */
  long written() {
    return end - HEADER;
  }

  private void shrinkBuffer() {
    if (buffer.capacity() > (1 << 20)) {
      buffer = ByteBuffer.allocate(64 << 10); // a bulk's buffer is not kept on a small device's heap
    }
  }

  private int crc(byte[] payload, int length) {
    CRC32C crc = crc();
    crc.update(payload, 0, length);
    return (int) crc.getValue();
  }

  /** A checksum that starts with the epoch, so that a record of another epoch never passes as this one's. */
  private CRC32C crc() {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(8).putLong(0, epoch));
    return crc;
  }

  private int readFully(ByteBuffer into, long at) throws IOException {
    int total = 0;
    while (into.hasRemaining()) {
      int n = channel.read(into, at + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the redo journal", e);
    }
  }
}
