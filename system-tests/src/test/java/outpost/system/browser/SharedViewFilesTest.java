package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import outpost.common.web.ViewFiles;

/**
 * Both nodes serve the views' shared script and styles from one file each (the common module's
 * {@code outpost-web} folder), over HTTP, with the headers of their own files; and each node's page and script
 * stay its own.
 */
class SharedViewFilesTest extends NodesCase {
  private static final List<String> SHARED = List.of("common.js", "app.css");
  /** The answer headers a shared file must carry exactly as the node's own files do. */
  private static final List<String> SAME_AS_OWN = List.of("Cache-Control", "Content-Security-Policy",
      "X-Content-Type-Options", "Referrer-Policy");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Map<String, String> urls;

  @BeforeEach
  void openUrls() {
    urls = Map.of("edge", Nodes.url(nodes.edge("clinic-a")), "hub", nodes.hubUrl());
  }

  @Test
  void bothNodesServeTheOneCopyOfTheSharedFiles() throws Exception {
    for (String file : SHARED) {
      String resource = ViewFiles.SHARED + "/" + file;
      List<URL> copies = Collections.list(getClass().getClassLoader().getResources(resource));
      assertEquals(1, copies.size(), resource + " is on the classpath once: " + copies);
      assertTrue(copies.get(0).toString().contains("common"), "from the common module: " + copies.get(0));
      for (String node : List.of("edge", "hub")) {
        assertNull(getClass().getClassLoader().getResource("webroot/" + node + "/" + file),
            "no copy of " + file + " in the " + node + "'s own webroot to drift or shadow it");
        HttpResponse<byte[]> served = get(urls.get(node) + "/view/" + file);
        assertEquals(200, served.statusCode(), node + " " + file);
        assertArrayEquals(read(resource), served.body(), node + " serves the shared " + file);
      }
    }
  }

  @Test
  void sharedFilesCarryTheHeadersOfTheNodesOwnFiles() throws Exception {
    for (String node : List.of("edge", "hub")) {
      HttpHeaders own = get(urls.get(node) + "/view/" + node + ".js").headers();
      HttpHeaders shared = get(urls.get(node) + "/view/common.js").headers();
      for (String header : SAME_AS_OWN) {
        assertNotNull(own.firstValue(header).orElse(null), node + " sets " + header);
        assertEquals(own.allValues(header), shared.allValues(header), node + " " + header);
      }
      assertEquals("public, immutable, max-age=60", shared.firstValue("Cache-Control").orElse(""), node);
      assertEquals(own.firstValue("Content-Type"), shared.firstValue("Content-Type"), node + " (both scripts)");
      assertTrue(get(urls.get(node) + "/view/app.css").headers().firstValue("Content-Type").orElse("")
          .startsWith("text/css"), node);
    }
  }

  @Test
  void eachNodesPageAndScriptAreItsOwn() throws Exception {
    for (String node : List.of("edge", "hub")) {
      String other = node.equals("edge") ? "hub" : "edge";
      byte[] page = read("webroot/" + node + "/index.html");
      assertArrayEquals(page, get(urls.get(node) + "/view/index.html").body(), node);
      assertArrayEquals(page, get(urls.get(node) + "/").body(), node + " GET /");
      String html = new String(page, StandardCharsets.UTF_8);
      assertTrue(html.contains("/view/" + node + ".js") && !html.contains("/view/" + other + ".js"), node);
      assertArrayEquals(read("webroot/" + node + "/" + node + ".js"), get(urls.get(node) + "/view/" + node + ".js")
          .body(), node);
      assertEquals(404, get(urls.get(node) + "/view/" + other + ".js").statusCode(), other + ".js on the " + node);
      assertEquals(404, get(urls.get(node) + "/view/missing.js").statusCode(), node);
    }
  }

  private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] read(String resource) throws IOException {
    try (InputStream in = SharedViewFilesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is not on the classpath");
      return in.readAllBytes();
    }
  }
}
