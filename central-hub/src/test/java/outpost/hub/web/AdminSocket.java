package outpost.hub.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import outpost.hub.ingest.TestHub;

/**
 * One admin request on a fresh socket, path and body sent byte for byte (java.net.http refuses paths such as
 * "/a%zz"); the answer must come within the read timeout, so a request that never answers fails the test.
 */
final class AdminSocket {
  record Answer(int status, String body) {}

  private AdminSocket() {}

  static Answer send(int port, String method, String path, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
          + TestHub.ADMIN_TOKEN + "\r\nConnection: close\r\n"
          + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      String answer = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
      int status = Integer.parseInt(answer.substring(9, 12));
      int split = answer.indexOf("\r\n\r\n");
      return new Answer(status, split < 0 ? "" : answer.substring(split + 4));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toByteArray();
  }
}
