package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;

/** What the stop tests watch: a run's thread waiting in its backoff against a port that refuses connections. */
final class BackoffFixture {
  /** Far longer than a test waits for a stop: only a backoff that is cut short lets it pass. */
  static final long LONG_BACKOFF_MILLIS = 120_000;

  private BackoffFixture() {}

  /** A store of site "site-a" whose collections all go to the hub "central". */
  static EdgeStore store(Vertx vertx, Path dir) {
    return EdgeStore.open(vertx, dir, "site-a", Durability.COMMIT, c -> "central", Clock.systemUTC());
  }

  /** A hub "central" at a loopback port nothing listens on: connections to it are refused at once. */
  static HubTarget refusedHub() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again
    }
    return new HubTarget("central", "127.0.0.1:" + port, "token", List.of(), List.of(), null, Duration.ofSeconds(5),
        4 * 1024 * 1024);
  }

  /** The run's thread waits in HubCycle's backoff: a timed wait of its retry loop, not inside a gRPC call. */
  static boolean inBackoff(Thread thread) {
    List<StackTraceElement> stack = Arrays.asList(thread.getStackTrace());
    return thread.getState() == Thread.State.TIMED_WAITING
        && stack.stream().anyMatch(f -> f.getClassName().equals(HubCycle.class.getName())
            && f.getMethodName().equals("withRetry"))
        && stack.stream().noneMatch(f -> f.getClassName().startsWith("io.grpc."));
  }

  static void waitFor(BooleanSupplier condition, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
