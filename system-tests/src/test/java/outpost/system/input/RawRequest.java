package outpost.system.input;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request on a fresh socket, its path and body sent byte for byte as generated (an HTTP client
 * library would refuse or re-encode them). The answer must arrive within 20 s: a request that hangs fails.
 */
record RawRequest(String method, String path, byte[] body, Map<String, String> headers) {
  record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  Answer send(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(answer);
      String text = answer.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      return new Answer(Integer.parseInt(text.substring(9, 12)), split < 0 ? "" : text.substring(split + 4));
    } catch (IOException e) {
      throw new AssertionError(method + " " + abbreviated(path) + " was not answered: " + e, e);
    }
  }

  static String abbreviated(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  @Override
  public String toString() {
    return method + " " + abbreviated(path) + " body="
        + (body == null ? "none" : abbreviated(new String(body, StandardCharsets.UTF_8)));
  }
}
