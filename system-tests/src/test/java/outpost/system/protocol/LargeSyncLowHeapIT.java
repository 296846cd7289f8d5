package outpost.system.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;

/**
 * A large push and a large pull with the edge at -Xmx128m: the edge runs in a child JVM
 * ({@link LargeSyncEdge}), the hub in this one. One edge writes N notes and syncs (push, then the pull
 * that brings its own changes back as nothing new); a second, fresh edge pulls all N. Both runs must be
 * COMPLETE with N records. N comes from {@code -Doutpost.large.n} (default {@value #DEFAULT_N}; the
 * 1,000,000-change figures in docs/protocol.md were run by hand with -Doutpost.large.n=1000000).
 */
class LargeSyncLowHeapIT {
  static final int DEFAULT_N = 50_000;
  static final String HEAP = "-Xmx128m";

  @TempDir
  Path tmp;

  @Test
  void largePushAndPullCompleteWithTheEdgeAt128Megabytes() throws Exception {
    int n = Integer.getInteger("outpost.large.n", DEFAULT_N);
    Vertx vertx = Vertx.vertx();
    try (GrpcHub hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).start()) {
      JsonObject pushed = edge(tmp.resolve("a"), "clinic-a", hub, n);
      assertEquals("COMPLETE", pushed.getString("status"), pushed.encode());
      assertEquals(n, pushed.getLong("pushed"), "every change pushed as new");
      assertEquals(0L, pushed.getLong("pending"));
      assertEquals(n, hub.head(), "one version per change on the hub");
      System.out.printf("hub store time during the push: applyBatch %.1f s, pull %.1f s%n",
          hub.storeSeconds("applyBatch"), hub.storeSeconds("pull"));

      JsonObject pulled = edge(tmp.resolve("b"), "clinic-b", hub, 0);
      assertEquals("COMPLETE", pulled.getString("status"), pulled.encode());
      assertEquals(n, pulled.getLong("pulled"), "every record pulled as new");
      assertEquals(n, pulled.getLong("records"), "the fresh edge holds every record at a hub version");
      assertTrue(pulled.getLong("maxHeap") <= 128L << 20, "the child ran with " + HEAP);

      System.out.printf("LargeSyncLowHeapIT n=%d (edge %s): write %d ms; push %d ms = %.0f changes/s; "
              + "pull-back of own changes %d ms; fresh pull %d ms = %.0f records/s; heap used at most (after GC):"
              + " push-edge %d MiB (%d MiB), pull-edge %d MiB (%d MiB)%n", n, HEAP, pushed.getLong("writeMillis"),
          pushed.getLong("pushMillis"), rate(n, pushed.getLong("pushMillis")), pushed.getLong("pullMillis"),
          pulled.getLong("pullMillis"), rate(n, pulled.getLong("pullMillis")), pushed.getLong("peakHeap") >> 20,
          pushed.getLong("peakAfterGc") >> 20, pulled.getLong("peakHeap") >> 20, pulled.getLong("peakAfterGc") >> 20);
    } finally {
      Await.of(vertx.close());
    }
  }

  private static double rate(long n, long millis) {
    return millis <= 0 ? 0 : n * 1000.0 / millis;
  }

  /** Runs {@link LargeSyncEdge} in a child JVM and answers its RESULT line. */
  private static JsonObject edge(Path dir, String site, GrpcHub hub, int n) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, HEAP, "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), LargeSyncEdge.class.getName(),
        dir.toString(), site, hub.address(), hub.addSite(site), Integer.toString(n)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    JsonObject[] result = new JsonObject[1];
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("RESULT ")) {
            result[0] = new JsonObject(line.substring(7));
          } else {
            System.out.println("[" + site + "] " + line);
          }
        }
      } catch (java.io.IOException e) {
        // the child ended
      }
    }, "child-output");
    reader.start();
    if (!process.waitFor(15 * 60 + n / 500L, TimeUnit.SECONDS)) { // generous: a hang, not a slow machine
      process.destroyForcibly();
      throw new AssertionError(site + ": the edge process did not finish");
    }
    reader.join(10_000);
    assertEquals(0, process.exitValue(), site + ": the edge process failed (an OutOfMemoryError exits with 3)");
    assertTrue(result[0] != null, site + ": no RESULT line");
    return result[0];
  }
}
