package outpost.common.mvstore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.StringDataType;

/**
 * Strings stored as a varint byte length (shifted left one bit) and standard UTF-8; a string with an unpaired
 * surrogate, which UTF-8 cannot hold, falls back to MVStore's char encoding with the low bit set. MVStore's own string type encodes and decodes
 * one char at a time; every commit rewrites whole pages of ~1 KiB JSON values, so that loop was the largest
 * single cost of a write (37% of a local-write profile). {@link String#getBytes} and {@code new String} are
 * bulk copies for ASCII text. Ordering and memory estimates are inherited unchanged.
 */
public final class Utf8StringType extends StringDataType {
  public static final Utf8StringType INSTANCE = new Utf8StringType();

  private Utf8StringType() {}

  @Override
  public String read(ByteBuffer buff) {
    int head = DataUtils.readVarInt(buff);
    int len = head >>> 1;
    if ((head & 1) != 0) {
      return DataUtils.readString(buff, len);
    }
    String s;
    if (buff.hasArray()) {
      s = new String(buff.array(), buff.arrayOffset() + buff.position(), len, StandardCharsets.UTF_8);
      buff.position(buff.position() + len);
    } else {
      byte[] bytes = new byte[len];
      buff.get(bytes);
      s = new String(bytes, StandardCharsets.UTF_8);
    }
    return s;
  }

  @Override
  public void write(WriteBuffer buff, String s) {
    // Most stored text is ASCII, whose UTF-8 is its chars: copy them straight into the page buffer in one pass,
    // checking as it goes, with no array per string; anything else is written again below from the same start.
    int start = buff.position();
    int len = s.length();
    buff.putVarInt(len << 1);
    int at = buff.position();
    buff.limit(at + len); // makes room (the buffer may be replaced by a larger one)
    ByteBuffer bb = buff.getBuffer();
    if (bb.hasArray()) {
      byte[] out = bb.array();
      int off = bb.arrayOffset() + at;
      int i = 0;
      while (i < len) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          break;
        }
        out[off + i++] = (byte) c;
      }
      bb.limit(bb.capacity());
      if (i == len) {
        bb.position(at + len);
        return;
      }
    }
    bb.limit(bb.capacity());
    bb.position(start);
    if (hasUnpairedSurrogate(s)) {
      // UTF-8 cannot hold it (getBytes would write '?'): keep MVStore's char encoding, flagged in the low bit.
      buff.putVarInt(s.length() << 1 | 1).putStringData(s, s.length());
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    buff.putVarInt(bytes.length << 1).put(bytes);
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
