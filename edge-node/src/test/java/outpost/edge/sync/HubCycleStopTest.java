package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.error.ErrorCode;
import outpost.edge.run.RunStatus;
import outpost.edge.schedule.RunRequest;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;

/** A run that backs off between connection attempts ends promptly when its owner stops it. */
class HubCycleStopTest {
  /** Far longer than the test waits for the stop: only a backoff that is cut short lets it pass. */
  private static final long LONG_BACKOFF_MILLIS = 120_000;

  @TempDir
  Path dir;

  @Test
  void stoppingARunDuringItsBackoffEndsItPromptly() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort(); // closed again: connections to it are refused
    }
    HubTarget hub = new HubTarget("central", "127.0.0.1:" + deadPort, "token", List.of(), List.of(), null,
        Duration.ofSeconds(5), 4 * 1024 * 1024);
    Vertx vertx = Vertx.vertx();
    try (EdgeStore store = EdgeStore.open(vertx, dir, "site-a", Durability.COMMIT, c -> "central",
        Clock.systemUTC())) {
      RunTracker run = new RunTracker(RunRequest.manual(), Instant.now(), null,
          List.of(new RunTracker.HubStart("central", 0, List.of())), r -> { });
      AtomicReference<RunStatus> status = new AtomicReference<>();
      Thread cycle = new Thread(() -> status.set(
          new HubCycle(store, hub, "site-a", run, 1, new RunReporter(store, "site-a", 1),
              LONG_BACKOFF_MILLIS).run()), "test-run");
      cycle.start();

      waitFor(() -> inBackoff(cycle), Duration.ofSeconds(30), "the run backs off after a refused connection");
      long stopAt = System.nanoTime();
      run.requestStop();
      cycle.join(TimeUnit.SECONDS.toMillis(10));
      assertFalse(cycle.isAlive(), "the run still waits out its backoff after the stop");
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
      assertTrue(tookMillis < 5_000, "the stop took " + tookMillis + " ms");
      assertEquals(RunStatus.FAILED, status.get());
      var result = run.finish().hubs().get(0);
      assertEquals(ErrorCode.CONNECTION_ERROR, result.error().code(), "the hub fails on the error it had");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** The run's thread waits in HubCycle's backoff: a timed wait of its retry loop, not inside a gRPC call. */
  private static boolean inBackoff(Thread thread) {
    List<StackTraceElement> stack = Arrays.asList(thread.getStackTrace());
    return thread.getState() == Thread.State.TIMED_WAITING
        && stack.stream().anyMatch(f -> f.getClassName().equals(HubCycle.class.getName())
            && f.getMethodName().equals("withRetry"))
        && stack.stream().noneMatch(f -> f.getClassName().startsWith("io.grpc."));
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
