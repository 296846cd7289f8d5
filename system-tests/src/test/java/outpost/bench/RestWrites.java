package outpost.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import outpost.edge.cli.EdgeMain;

/**
 * Local writes through REST (issue 3): a real edge node ({@code outpost.edge.cli.EdgeMain serve}) in a child
 * JVM at -Xmx128m, and WRITERS client threads in this JVM, each sending {@code PUT /api/records/{c}/{id}} and
 * waiting for the answer before the next. Its one hub is unreachable: the node syncs nothing meanwhile.
 */
final class RestWrites {
  static final String EDGE_MAIN = EdgeMain.class.getName();

  private RestWrites() {}

  static JsonArray run(Path work, long millis) throws IOException, InterruptedException {
    JsonArray out = new JsonArray();
    for (String durability : List.of("commit", "fsync")) {
      Path dir = BenchMain.clean(work.resolve("rest-" + durability));
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      JsonObject config = new JsonObject().put("site", "bench").put("data", dir.resolve("data").toString())
          .put("httpHost", "127.0.0.1").put("httpPort", port).put("durability", durability)
          .put("hubs", new JsonArray().add(new JsonObject().put("name", "central").put("address", "127.0.0.1:1")
              .put("token", "unused")));
      Path file = dir.resolve("edge.json");
      Files.writeString(file, config.encodePrettily());
      Process node = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), EDGE_MAIN, "serve", "--config", file.toString()))
          .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        waitUntilUp(client, base, node);
        measure(client, base, 16, millis / 2); // warm-up, not reported
        for (int writers : List.of(1, 16)) {
          out.add(measure(client, base, writers, millis).put("durability", durability).put("api", "rest"));
        }
      } finally {
        node.destroy();
        node.waitFor();
      }
    }
    return out;
  }

  private static void waitUntilUp(HttpClient client, String base, Process node) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && node.isAlive()) {
      try {
        if (client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100); // polling a child process's port, with a deadline
    }
    throw new IllegalStateException("the edge node did not come up at " + base);
  }

  private static JsonObject measure(HttpClient client, String base, int writers, long millis)
      throws InterruptedException {
    AtomicLong written = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + millis * 1_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int seed = w;
      Thread t = new Thread(() -> {
        Random random = new Random(seed + 100);
        int n = 0;
        while (System.nanoTime() < end) {
          HttpRequest put = HttpRequest.newBuilder(URI.create(base + "/api/records/" + Bench.collection(n) + "/"
              + Bench.uuid(random))).header("content-type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(Bench.record(random, n).encode())).build();
          try {
            int status = client.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200 || status == 201) {
              written.incrementAndGet();
            } else {
              errors.incrementAndGet();
            }
          } catch (IOException | InterruptedException e) {
            errors.incrementAndGet();
          }
          n++;
        }
      }, "rest-writer-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return new JsonObject().put("writers", writers).put("written", written.get()).put("errors", errors.get())
        .put("recordsPerSec", written.get() / (millis / 1000.0));
  }
}
