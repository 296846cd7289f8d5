package outpost.edge.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import outpost.edge.schedule.ScheduleConfig.Frequency;

/**
 * Sync now pressed while an automatic retry is running (it started before the link came back, so it will fail):
 * the person gets a fresh manual run right after it, not the retry's failure.
 */
class SyncNowDuringRetryTest {
  private static final ScheduleConfig DAILY = new ScheduleConfig(Frequency.DAILY, 15, 0, ZoneId.of("Etc/UTC"),
      LocalDate.of(2026, 5, 1), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5));

  private final ManualTimers timers = new ManualTimers(Instant.parse("2026-07-13T10:00:00Z"));
  private final FakeLauncher launcher = new FakeLauncher(timers);
  private final AtomicInteger ids = new AtomicInteger();
  private final SyncCoordinator c = new SyncCoordinator(DAILY, launcher, timers, () -> 1.0,
      () -> "run-" + ids.incrementAndGet());

  private static String result(Future<String> f) {
    assertTrue(f.succeeded(), () -> "not succeeded: " + f.cause());
    return f.result();
  }

  /** The start-up run fails to connect and its retry is running. */
  private String retryRunning() {
    c.start();
    launcher.failToConnect();
    timers.advanceTo(c.backoffUntil());
    assertEquals(Trigger.RETRY, launcher.last().trigger());
    return launcher.last().id();
  }

  @Test
  void syncNowDuringARetryQueuesOneManualRunThatStartsRightAfterItSkippingTheBackoff() {
    String retry = retryRunning();
    String asked = result(c.requestManual());
    assertNotEquals(retry, asked, "not the retry that started before the person asked");
    assertEquals(asked, result(c.requestManual()), "further clicks during the retry answer the same queued run");
    assertEquals(asked, c.status().queuedManualId());
    assertEquals(retry, c.status().currentSyncId(), "the retry is still the running run");
    assertEquals(2, launcher.count(), "nothing more started while the retry runs");

    launcher.failToConnect(); // the retry started before the link came back
    assertEquals(3, launcher.count(), "the queued run starts at once, not after the backoff");
    assertEquals(asked, launcher.last().id());
    assertEquals(Trigger.MANUAL, launcher.last().trigger());
    assertEquals(timers.now(), launcher.last().startedAt());
    assertNull(c.status().queuedManualId());
    assertNull(c.backoffUntil(), "the manual run serves the retry that was waiting");
    assertEquals(asked, result(c.requestManual()), "a click during the manual run joins it");

    launcher.succeed();
    timers.advance(Duration.ofMinutes(10));
    assertEquals(3, launcher.count(), "its success ended the retries");
    assertEquals(0, c.status().consecutiveFailures());
  }

  @Test
  void syncNowDuringAnyOtherRunStillJoinsIt() {
    c.start();
    assertEquals("run-1", result(c.requestManual()), "the start-up run is joined");
    assertNull(c.status().queuedManualId());
    launcher.failToConnect();
    timers.advanceTo(c.backoffUntil());
    String retry = launcher.last().id();
    String asked = result(c.requestManual());
    launcher.succeed(); // the retry worked after all: the person still gets the run they asked for
    assertEquals(asked, launcher.last().id());
    assertNotEquals(retry, asked);
    launcher.succeed();
    assertEquals(3, launcher.count());
  }

  @Test
  void aRetryThatSucceedsStillRunsTheQueuedManualRunUnderTheIdTheClickGot() {
    String retry = retryRunning();
    String asked = result(c.requestManual()); // what POST /api/sync answers
    Future<Void> started = c.whenStarted(asked);

    launcher.succeed(); // the link came back in time: the retry worked, but the person asked for a sync
    assertTrue(started.succeeded(), "the queued run started");
    assertEquals(3, launcher.count());
    assertEquals(asked, launcher.last().id(), "the run that starts is the one the click was answered with");
    assertEquals(Trigger.MANUAL, launcher.last().trigger());
    assertEquals(timers.now(), launcher.last().startedAt(), "right after the retry");
    assertEquals(asked, c.status().currentSyncId());
    assertNull(c.status().queuedManualId());
    assertEquals(0, c.status().consecutiveFailures(), "the retry's success counts");

    launcher.succeed();
    assertFalse(c.running(), "the queued run completed");
    assertNull(c.backoffUntil());
    timers.advance(Duration.ofMinutes(10));
    assertEquals(3, launcher.count(), "one run for the click, nothing more");
    assertEquals(List.of("run-1", retry, asked),
        launcher.launches.stream().map(FakeLauncher.Launch::id).toList());
  }

  @Test
  void whoeverWaitsForTheQueuedRunLearnsWhenItStarts() {
    retryRunning();
    String asked = result(c.requestManual());
    Future<Void> started = c.whenStarted(asked);
    assertFalse(started.isComplete(), "queued, not started");
    assertTrue(c.whenStarted("run-1").isComplete(), "a run that started already");
    launcher.fail();
    assertTrue(started.succeeded());
    assertEquals(asked, launcher.last().id(), "started before the waiter heard of it");
  }

  @Test
  void stopDropsTheQueuedRunAndReleasesItsWaiters() {
    retryRunning();
    String asked = result(c.requestManual());
    Future<Void> started = c.whenStarted(asked);
    Future<Void> stopped = c.stop();
    assertTrue(started.succeeded(), "released: the run will never start");
    assertNull(c.status().queuedManualId());
    launcher.fail();
    assertTrue(stopped.succeeded());
    assertEquals(2, launcher.count(), "nothing starts after stop");
  }
}
