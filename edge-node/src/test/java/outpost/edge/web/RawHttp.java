package outpost.edge.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand on a socket: the JDK client will not send a Host header of our choosing, and a
 * DNS-rebinding page is exactly a request whose Host names another site while the socket reaches this one.
 */
final class RawHttp {
  record Answer(int status, String head, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private RawHttp() {}

  /** Sends one request (headers given whole, one per line, without the final blank line) and reads the answer. */
  static Answer send(int port, String requestLine, String headers, String body) {
    return exchange(port, requestLine, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Any method, path and body bytes, sent as they are (java.net.http refuses a path like "/a%zz" before
   * sending it); the answer must come within the socket's timeout, so a request that hangs fails the test.
   */
  static Answer request(int port, HttpMethod method, String uri, byte[] body) {
    return exchange(port, method.name() + " " + uri + " HTTP/1.1", "Host: 127.0.0.1:" + port, body);
  }

  private static Answer exchange(int port, String requestLine, String headers, byte[] body) {
    byte[] bytes = body == null ? new byte[0] : body;
    StringBuilder req = new StringBuilder(requestLine).append("\r\n");
    if (!headers.isEmpty()) {
      req.append(headers.replace("\n", "\r\n")).append("\r\n");
    }
    if (body != null) {
      req.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
    }
    req.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      String all = readAll(s.getInputStream());
      int end = all.indexOf("\r\n\r\n");
      String head = end < 0 ? all : all.substring(0, end);
      String rest = end < 0 ? "" : all.substring(end + 4);
      int status = Integer.parseInt(head.split(" ", 3)[1]);
      Answer answer = new Answer(status, head, rest);
      String te = answer.header("Transfer-Encoding");
      return te != null && te.toLowerCase(Locale.ROOT).contains("chunked")
          ? new Answer(status, head, dechunk(rest)) : answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request as a browser on {@code host} would send it: Host and Origin both name that host. */
  static Answer fromSite(int port, String method, String path, String host, String body) {
    String authority = host + ":" + port;
    return send(port, method + " " + path + " HTTP/1.1", "Host: " + authority + "\nOrigin: http://" + authority,
        body);
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
