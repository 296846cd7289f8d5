package outpost.system.protocol;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import java.io.ByteArrayOutputStream;
import java.util.Map;

/**
 * Follows the HTTP/2 frames of one direction of a proxied connection as bytes pass, without changing
 * them: learns each stream's gRPC method from the client's HEADERS (HPACK-decoded with Netty's decoder,
 * which keeps the dynamic table in step) and remembers the method of the last DATA frame seen, so a
 * fault can say which call it hit.
 */
final class FrameTracker {
  static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int CONTINUATION = 0x9;
  private static final int END_HEADERS = 0x4;
  private static final int PADDED = 0x8;
  private static final int PRIORITY = 0x20;

  /** Where both directions of a connection share what they learnt. */
  interface Calls {
    Map<Integer, String> paths();

    void data(String path);
  }

  private final boolean fromClient;
  private final Calls calls;
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
  private final byte[] header = new byte[9];
  private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
  private final ByteArrayOutputStream block = new ByteArrayOutputStream();
  private int prefaceLeft;
  private int headerFill;
  private int payloadLeft = -1;
  private int type;
  private int flags;
  private int stream;
  private boolean broken;

  FrameTracker(boolean fromClient, Calls calls) {
    this.fromClient = fromClient;
    this.calls = calls;
    this.prefaceLeft = fromClient ? PREFACE.length : 0;
  }

  /** Feeds bytes that are about to be forwarded. */
  void feed(byte[] bytes, int offset, int length) {
    int at = offset;
    int end = offset + length;
    while (at < end && !broken) {
      if (prefaceLeft > 0) {
        int n = Math.min(prefaceLeft, end - at);
        prefaceLeft -= n;
        at += n;
      } else if (payloadLeft < 0) {
        int n = Math.min(9 - headerFill, end - at);
        System.arraycopy(bytes, at, header, headerFill, n);
        headerFill += n;
        at += n;
        if (headerFill == 9) {
          startFrame();
        }
      } else {
        int n = Math.min(payloadLeft, end - at);
        if (collecting()) {
          payload.write(bytes, at, n);
        }
        payloadLeft -= n;
        at += n;
      }
      if (payloadLeft == 0) {
        endFrame();
      }
    }
  }

  private void startFrame() {
    int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
    type = header[3] & 0xff;
    flags = header[4] & 0xff;
    stream = (header[5] & 0x7f) << 24 | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8 | header[8] & 0xff;
    payloadLeft = length;
    payload.reset();
    if (type == DATA && length > 0) {
      calls.data(calls.paths().get(stream));
    }
  }

  private boolean collecting() {
    return fromClient && (type == HEADERS || type == CONTINUATION);
  }

  private void endFrame() {
    if (collecting()) {
      byte[] p = payload.toByteArray();
      int from = 0;
      int to = p.length;
      if (type == HEADERS && (flags & PADDED) != 0) {
        to -= p[0] & 0xff;
        from = 1;
      }
      if (type == HEADERS && (flags & PRIORITY) != 0) {
        from += 5;
      }
      block.write(p, from, to - from);
      if ((flags & END_HEADERS) != 0) {
        try {
          CharSequence path = decoder.decodeHeaders(stream, Unpooled.wrappedBuffer(block.toByteArray())).path();
          calls.paths().put(stream, path == null ? "" : path.toString());
        } catch (Http2Exception e) {
          broken = true; // stop following this direction; the bytes still pass unchanged
        }
        block.reset();
      }
    }
    headerFill = 0;
    payloadLeft = -1;
  }
}
