package outpost.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.ingest.TestHub;

/**
 * The admin HTTP server answers only for the hub's own names (DNS rebinding), sets nosniff on every
 * answer, and closes connections that never send a whole request.
 */
class HostNamesTest {
  @TempDir
  Path dir;
  TestHub hub;
  final Vertx vertx = Vertx.vertx();
  final HttpClient client = vertx.createHttpClient();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    if (hub != null) {
      hub.close();
    }
  }

  private record Answer(int status, String body, io.vertx.core.MultiMap headers) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** A request as a page on {@code host} would send it, carrying the real admin token. */
  private Answer send(HttpMethod method, String path, String host, String body) throws Exception {
    int port = hub.server.httpPort();
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path)
        .putHeader("Authorization", "Bearer " + TestHub.ADMIN_TOKEN).putHeader("Origin", "http://" + host + ":" + port);
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return client.request(options).compose(req -> {
      req.authority(HostAndPort.create(host, port));
      return body == null ? req.send() : req.send(Buffer.buffer(body));
    }).compose(r -> r.body().map(b -> new Answer(r.statusCode(), b.toString(), r.headers())))
        .await(20, TimeUnit.SECONDS);
  }

  @Test
  void aRebindingPageIsRefusedEvenWithTheAdminToken() throws Exception {
    hub = TestHub.start(dir, new JsonObject());
    List<Object[]> requests = List.of(new Object[] {HttpMethod.GET, "/api/sites", null},
        new Object[] {HttpMethod.POST, "/api/sites", "{\"id\":\"planted\"}"},
        new Object[] {HttpMethod.PUT, "/api/records/notes/n1", "{\"a\":1}"},
        new Object[] {HttpMethod.DELETE, "/api/records/notes/n1", null},
        new Object[] {HttpMethod.GET, "/api/overview", null},
        new Object[] {HttpMethod.GET, "/", null},
        new Object[] {HttpMethod.GET, "/view/index.html", null},
        new Object[] {HttpMethod.GET, "/metrics", null});
    for (Object[] r : requests) {
      String what = r[0] + " " + r[1];
      Answer a = send((HttpMethod) r[0], (String) r[1], "evil.example", (String) r[2]);
      assertEquals(403, a.status(), what + ": " + a.body());
      assertEquals("PERMISSION_DENIED", a.json().getString("error"), what);
      assertEquals("host 'evil.example' is not one of this node's names; add it to allowedHosts",
          a.json().getString("message"), what);
      assertEquals("nosniff", a.headers().get("X-Content-Type-Options"), what);
    }
    assertTrue(!hub.admin("GET", "/api/sites", null).body().contains("planted"), "a refused POST registered a site");
    assertEquals(404, hub.admin("GET", "/api/records/notes/n1", null).statusCode());
  }

  @Test
  void loopbackAndConfiguredNamesAreAccepted() throws Exception {
    hub = TestHub.start(dir, new JsonObject().put("allowedHosts", new JsonArray().add("hub.example.org")));
    for (String host : List.of("127.0.0.1", "localhost", "127.0.0.2", "[::1]", "hub.example.org")) {
      Answer a = send(HttpMethod.GET, "/api/sites", host, null);
      assertEquals(200, a.status(), host + ": " + a.body());
    }
    Answer put = send(HttpMethod.PUT, "/api/records/notes/n2", "hub.example.org", "{\"a\":1}");
    assertTrue(put.status() == 200 || put.status() == 201, put.body());
    assertEquals(403, send(HttpMethod.GET, "/api/sites", "hub.example.org.evil.example", null).status());
  }

  @Test
  void everyAnswerSaysNosniff() throws Exception {
    hub = TestHub.start(dir, new JsonObject());
    for (String path : List.of("/api/sites", "/api/nothing-here", "/health", "/metrics")) {
      Answer a = send(HttpMethod.GET, path, "127.0.0.1", null);
      assertEquals("nosniff", a.headers().get("X-Content-Type-Options"), path + " " + a.status());
      assertEquals("no-referrer", a.headers().get("Referrer-Policy"), path);
      assertTrue(a.headers().get("Content-Security-Policy").contains("frame-ancestors 'none'"), path);
    }
    Answer unauthorized = client.request(HttpMethod.GET, hub.server.httpPort(), "127.0.0.1", "/api/sites")
        .compose(req -> req.send()).compose(r -> r.body().map(b -> new Answer(r.statusCode(), b.toString(),
            r.headers()))).await(20, TimeUnit.SECONDS);
    assertEquals(401, unauthorized.status());
    assertEquals("nosniff", unauthorized.headers().get("X-Content-Type-Options"));
  }

  @Test
  void aHalfSentRequestIsClosedAfterTheRequestTimeout() throws Exception {
    hub = TestHub.start(dir, new JsonObject().put("httpRequestTimeout", "2s"));
    try (Socket s = new Socket("127.0.0.1", hub.server.httpPort())) {
      s.getOutputStream().write(("POST /api/sites HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + TestHub.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"id\":")
          .getBytes(StandardCharsets.ISO_8859_1));
      s.setSoTimeout(15_000);
      InputStream in = s.getInputStream();
      long started = System.nanoTime();
      int read;
      try {
        read = in.read();
      } catch (java.net.SocketException reset) {
        read = -1;
      }
      assertEquals(-1, read, "the hub answered instead of closing");
      assertTrue(System.nanoTime() - started < 14_000_000_000L, "the hub kept the half-sent request open");
    }
  }
}
