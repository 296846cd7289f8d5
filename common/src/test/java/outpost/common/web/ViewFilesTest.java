package outpost.common.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /view/* over a real HTTP server on port 0, with a node folder (test resources) that holds its own page
 * and a stale copy of a shared file: the shared file wins, the page stays the node's.
 */
class ViewFilesTest {
  private static final String OWN = "view-files-test";
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    ViewFiles.mount(router, OWN);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aSharedFileIsNeverShadowedByACopyInTheNodesFolder() throws Exception {
    HttpResponse<byte[]> script = get("/view/common.js");
    assertEquals(200, script.statusCode());
    assertArrayEquals(read(ViewFiles.SHARED + "/common.js"), script.body());
    assertEquals("public, immutable, max-age=" + ViewFiles.MAX_AGE_SECONDS,
        script.headers().firstValue("Cache-Control").orElse(""));
    assertArrayEquals(read(ViewFiles.SHARED + "/app.css"), get("/view/app.css").body());
  }

  @Test
  void theNodesPageIsItsOwnAtItsPathAndAtTheRoot() throws Exception {
    byte[] page = read(OWN + "/index.html");
    assertArrayEquals(page, get("/view/index.html").body());
    assertArrayEquals(page, get("/").body());
    assertArrayEquals(page, get("/view/").body(), "the folder's index page, no listing of either folder");
    assertEquals(404, get("/view/missing.js").statusCode());
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + path);
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] read(String resource) throws IOException {
    try (InputStream in = ViewFilesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is not on the classpath");
      return in.readAllBytes();
    }
  }
}
