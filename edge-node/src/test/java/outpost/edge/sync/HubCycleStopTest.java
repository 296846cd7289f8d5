package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.error.ErrorCode;
import outpost.edge.run.RunStatus;
import outpost.edge.schedule.RunRequest;
import outpost.edge.store.EdgeStore;

/** A run that backs off between connection attempts ends promptly when its owner stops it. */
class HubCycleStopTest {
  @TempDir
  Path dir;

  @Test
  void stoppingARunDuringItsBackoffEndsItPromptly() throws Exception {
    HubTarget hub = BackoffFixture.refusedHub();
    Vertx vertx = Vertx.vertx();
    try (EdgeStore store = BackoffFixture.store(vertx, dir)) {
      RunTracker run = new RunTracker(RunRequest.manual(), Instant.now(), null,
          List.of(new RunTracker.HubStart("central", 0, List.of())), r -> { });
      AtomicReference<RunStatus> status = new AtomicReference<>();
      Thread cycle = new Thread(() -> status.set(
          new HubCycle(store, hub, "site-a", run, 1, new RunReporter(store, "site-a", 1),
              BackoffFixture.LONG_BACKOFF_MILLIS).run()), "test-run");
      cycle.start();

      BackoffFixture.waitFor(() -> BackoffFixture.inBackoff(cycle), Duration.ofSeconds(30),
          "the run backs off after a refused connection");
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
}
