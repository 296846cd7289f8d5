package outpost.edge.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import outpost.common.error.OutpostException;
import outpost.edge.schedule.ScheduleConfig.Frequency;

/** The coordinator on a manual clock with a fake launcher: no real waiting anywhere. */
class SyncCoordinatorTest {
  /** 13 July 2026 16:00 London; the daily schedule below is next due 14 July 00:00 London. */
  private static final Instant T0 = OffsetDateTime.parse("2026-07-13T16:00+01:00").toInstant();
  private static final Instant MIDNIGHT = OffsetDateTime.parse("2026-07-14T00:00+01:00").toInstant();
  private static final ScheduleConfig DAILY = new ScheduleConfig(Frequency.DAILY, 15, 0,
      ZoneId.of("Europe/London"), LocalDate.of(2026, 5, 1), Duration.ofSeconds(30),
      Duration.ofSeconds(5), Duration.ofMinutes(5));

  private final ManualTimers timers = new ManualTimers(T0);
  private final FakeLauncher launcher = new FakeLauncher(timers);
  private final AtomicInteger ids = new AtomicInteger();

  private SyncCoordinator coordinator(ScheduleConfig config) {
    return new SyncCoordinator(config, launcher, timers, () -> 1.0,
        () -> "run-" + ids.incrementAndGet());
  }

  /** A started coordinator whose start-up run has succeeded. */
  private SyncCoordinator idle(ScheduleConfig config) {
    SyncCoordinator c = coordinator(config);
    c.start();
    launcher.succeed();
    assertFalse(c.running());
    return c;
  }

  private static String result(Future<String> f) {
    assertTrue(f.succeeded(), () -> "not succeeded: " + f.cause());
    return f.result();
  }

  @Test
  void aFailedClickIsOneManualRunAndItsRetriesCarryTheirOwnTriggerAndReason() {
    SyncCoordinator c = idle(DAILY);
    result(c.requestManual());
    launcher.failToConnect();
    assertEquals("CONNECTION_ERROR: the hub is unreachable", c.status().retryReason());
    for (int i = 0; i < 3; i++) {
      timers.advanceTo(c.backoffUntil());
      assertEquals(Trigger.RETRY, launcher.last().trigger());
      launcher.fail();
    }
    assertEquals(1, launcher.launches.stream().filter(l -> l.trigger() == Trigger.MANUAL).count(), "one click");
    assertEquals(1, launcher.launches.stream().filter(l -> l.trigger() == Trigger.STARTUP).count(), "one start");
    timers.advanceTo(c.backoffUntil());
    launcher.succeed();
    assertNull(c.status().retryReason(), "a success clears the reason");
    assertEquals(0, c.status().consecutiveFailures());
  }

  @Test
  void aRetryOfAScheduledRunKeepsItsDueTimeAndRecordsWhenItRan() {
    SyncCoordinator c = idle(DAILY);
    timers.advanceTo(MIDNIGHT);
    assertEquals(Trigger.SCHEDULE, launcher.last().trigger());
    launcher.fail();
    timers.advanceTo(c.backoffUntil());
    assertEquals(Trigger.RETRY, launcher.last().trigger());
    assertEquals(MIDNIGHT, launcher.last().dueAt(), "due when the schedule said");
    assertEquals(MIDNIGHT.plusSeconds(5), launcher.last().startedAt(), "ran after the backoff");
  }

  @Test
  void startupRunStartsAtOnceThenTheScheduledRunAtItsDueTimeWithTheDueRecorded() {
    SyncCoordinator c = coordinator(DAILY);
    assertEquals("run-1", result(c.start()));
    assertEquals(Trigger.STARTUP, launcher.last().trigger());
    assertNull(launcher.last().dueAt());
    assertTrue(c.running());
    assertEquals("run-1", c.currentSyncId());
    launcher.succeed();
    assertFalse(c.running());
    assertEquals(MIDNIGHT, c.nextDue());

    timers.advanceTo(MIDNIGHT.minusMillis(1));
    assertEquals(1, launcher.count());
    timers.advance(Duration.ofMillis(1));
    assertEquals(2, launcher.count());
    assertEquals(Trigger.SCHEDULE, launcher.last().trigger());
    assertEquals(MIDNIGHT, launcher.last().dueAt());
    assertEquals(MIDNIGHT, launcher.last().startedAt());
    assertEquals(MIDNIGHT, c.lastDue());
    assertEquals(MIDNIGHT, c.status().currentDueAt());
    assertEquals(MIDNIGHT.plus(Duration.ofDays(1)), c.nextDue());
  }

  @Test
  void dueTimesMissedWhileARunIsGoingRunRightAfterItRecordingTheFirstDue() {
    ScheduleConfig quarterHour = new ScheduleConfig(Frequency.INTERVAL, 15, 0, ZoneId.of("Etc/UTC"),
        LocalDate.of(2026, 7, 13), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5));
    SyncCoordinator c = coordinator(quarterHour);
    c.start(); // 15:00Z; due at 15:15, 15:30, ...
    Instant due = Instant.parse("2026-07-13T15:15:00Z");
    assertEquals(due, c.nextDue());
    timers.advance(Duration.ofMinutes(40)); // the start-up run takes 40 minutes
    assertEquals(1, launcher.count());
    assertEquals(due, c.nextDue(), "the overdue time is shown until its run starts");
    launcher.succeed();
    assertEquals(2, launcher.count(), "one run for both missed due times");
    assertEquals(Trigger.SCHEDULE, launcher.last().trigger());
    assertEquals(due, launcher.last().dueAt());
    assertEquals(T0.plus(Duration.ofMinutes(40)), launcher.last().startedAt());
    assertEquals(due, c.status().lastDue());
    assertEquals(T0.plus(Duration.ofMinutes(40)), c.status().lastDueStartedAt());
    assertEquals(Instant.parse("2026-07-13T15:45:00Z"), c.nextDue());
    launcher.succeed();
    timers.advance(Duration.ofMinutes(5));
    assertEquals(3, launcher.count());
    assertEquals(Instant.parse("2026-07-13T15:45:00Z"), launcher.last().dueAt());
  }

  @Test
  void manualRequestDuringARunAnswersTheRunningRunsId() {
    SyncCoordinator c = coordinator(DAILY);
    String startup = result(c.start());
    assertEquals(startup, result(c.requestManual()));
    assertEquals(startup, result(c.requestManual()));
    assertEquals(1, launcher.count());
    launcher.succeed();
    String manual = result(c.requestManual());
    assertEquals("run-2", manual);
    assertEquals(Trigger.MANUAL, launcher.last().trigger());
    assertEquals(T0, launcher.last().startedAt(), "a manual run starts at once");
    assertEquals(manual, result(c.requestManual()));
    assertEquals(2, launcher.count());
  }

  @Test
  void writesAreCollectedForTheDebounceWindowThenCarriedByOneChangeRun() {
    SyncCoordinator c = idle(DAILY);
    c.localWrite();
    timers.advance(Duration.ofSeconds(10));
    c.localWrite();
    timers.advance(Duration.ofSeconds(10));
    c.localWrite();
    assertTrue(c.status().changesWaiting());
    timers.advance(Duration.ofMillis(9_999));
    assertEquals(1, launcher.count(), "nothing before the window closes");
    timers.advance(Duration.ofMillis(1));
    assertEquals(2, launcher.count());
    assertEquals(Trigger.CHANGE, launcher.last().trigger());
    assertEquals(T0.plusSeconds(30), launcher.last().startedAt(), "30 s after the first write");
    assertFalse(c.status().changesWaiting());
    launcher.succeed();
    timers.advance(Duration.ofHours(1));
    assertEquals(2, launcher.count());
  }

  @Test
  void writesDuringARunCauseExactlyOneFollowUpRun() {
    SyncCoordinator c = idle(DAILY);
    result(c.requestManual());
    for (int i = 0; i < 5; i++) {
      c.localWrite();
      timers.advance(Duration.ofSeconds(10)); // the window closes at +30 s, mid-run
    }
    assertEquals(2, launcher.count());
    launcher.succeed();
    assertEquals(3, launcher.count(), "the follow-up starts right after the run");
    assertEquals(Trigger.CHANGE, launcher.last().trigger());
    launcher.succeed();
    timers.advance(Duration.ofHours(1));
    assertEquals(3, launcher.count(), "exactly one follow-up");
  }

  @Test
  void followUpWaitsForTheWriteWindowWhenTheRunEndsFirst() {
    SyncCoordinator c = idle(DAILY);
    result(c.requestManual());
    c.localWrite();
    timers.advance(Duration.ofSeconds(5));
    launcher.succeed();
    assertEquals(2, launcher.count());
    timers.advance(Duration.ofSeconds(25));
    assertEquals(3, launcher.count());
    assertEquals(Trigger.CHANGE, launcher.last().trigger());
    assertEquals(T0.plusSeconds(30), launcher.last().startedAt());
  }

  @Test
  void writesMadeBeforeARunStartsAreCoveredByIt() {
    SyncCoordinator c = idle(DAILY);
    c.localWrite();
    timers.advance(Duration.ofSeconds(3));
    result(c.requestManual());
    launcher.succeed();
    timers.advance(Duration.ofMinutes(10));
    assertEquals(2, launcher.count(), "no change run: the manual run carried the write");
  }

  @Test
  void failedRunsRetryWithDoublingBackoffUpToTheCapKeepingTheirTrigger() {
    SyncCoordinator c = coordinator(DAILY);
    c.start();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Instant failedAt = timers.now();
      launcher.fail();
      Instant until = c.backoffUntil();
      waits.add(Duration.between(failedAt, until).toSeconds());
      assertEquals(i + 1, c.status().consecutiveFailures());
      int before = launcher.count();
      timers.advanceTo(until.minusMillis(1));
      assertEquals(before, launcher.count(), "no retry before the backoff ends");
      timers.advanceTo(until);
      assertEquals(before + 1, launcher.count());
      assertEquals(Trigger.RETRY, launcher.last().trigger(), "a retry has its own trigger, not the failed run's");
      assertEquals("INTEGRATION_ERROR: the hub refused", c.status().retryReason());
    }
    assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 160L, 300L, 300L), waits);
  }

  @Test
  void aSuccessResetsTheBackoff() {
    SyncCoordinator c = coordinator(DAILY);
    c.start();
    launcher.fail();
    timers.advanceTo(c.backoffUntil());
    launcher.fail();
    assertEquals(Duration.ofSeconds(10), Duration.between(timers.now(), c.backoffUntil()));
    timers.advanceTo(c.backoffUntil());
    launcher.succeed();
    assertNull(c.backoffUntil());
    assertEquals(0, c.status().consecutiveFailures());
    result(c.requestManual());
    launcher.fail();
    assertEquals(Duration.ofSeconds(5), Duration.between(timers.now(), c.backoffUntil()));
  }

  @Test
  void jitterShortensTheWaitWithinHalfOfIt() {
    SyncCoordinator c = new SyncCoordinator(DAILY, launcher, timers, () -> 0.0, () -> "r" + ids.incrementAndGet());
    c.start();
    launcher.fail();
    assertEquals(Duration.ofMillis(2_500), Duration.between(timers.now(), c.backoffUntil()));
  }

  @Test
  void manualSyncSkipsTheBackoffWait() {
    SyncCoordinator c = coordinator(DAILY);
    c.start();
    for (int i = 0; i < 3; i++) {
      launcher.fail();
      timers.advanceTo(c.backoffUntil());
    }
    launcher.fail(); // now waiting 40 s
    timers.advance(Duration.ofSeconds(1));
    String id = result(c.requestManual());
    assertEquals(id, launcher.last().id());
    assertEquals(Trigger.MANUAL, launcher.last().trigger());
    assertEquals(timers.now(), launcher.last().startedAt());
    assertNull(c.backoffUntil());
    launcher.succeed();
    timers.advance(Duration.ofMinutes(10));
    assertEquals(5, launcher.count(), "the success ended the retries");
  }

  @Test
  void changeAndScheduleRunsWaitForTheBackoffAndShareTheRetry() {
    SyncCoordinator c = coordinator(DAILY);
    c.start();
    for (int i = 0; i < 3; i++) {
      launcher.fail();
      timers.advanceTo(c.backoffUntil());
    }
    launcher.fail(); // waiting 40 s
    Instant until = c.backoffUntil();
    c.localWrite(); // its window closes at +30 s, inside the backoff
    timers.advance(Duration.ofSeconds(35));
    assertEquals(4, launcher.count());
    timers.advanceTo(until);
    assertEquals(5, launcher.count(), "one run when the backoff ends");
    launcher.succeed();
    timers.advance(Duration.ofMinutes(10));
    assertEquals(5, launcher.count(), "the retry carried the writes");
  }

  @Test
  void hubReachableAgainAfterAConnectionFailureStartsAReconnectRunAtOnce() {
    SyncCoordinator c = coordinator(DAILY);
    c.start();
    launcher.failToConnect();
    timers.advanceTo(c.backoffUntil());
    launcher.failToConnect(); // waiting 10 s
    assertTrue(c.status().disconnected());
    timers.advance(Duration.ofSeconds(2));
    c.hubReachable();
    assertEquals(3, launcher.count());
    assertEquals(Trigger.RECONNECT, launcher.last().trigger());
    assertEquals(T0.plusSeconds(7), launcher.last().startedAt(), "no wait for the backoff");
    launcher.succeed();
    assertFalse(c.status().disconnected());
    assertEquals(0, c.status().consecutiveFailures());
    c.hubReachable();
    assertEquals(3, launcher.count(), "already reconnected");
  }

  @Test
  void hubReachableIsIgnoredWithoutAConnectionFailure() {
    SyncCoordinator c = idle(DAILY);
    c.hubReachable();
    assertEquals(1, launcher.count());
    result(c.requestManual());
    launcher.fail(); // failed, but every hub answered
    c.hubReachable();
    assertEquals(2, launcher.count());
    assertEquals(Duration.ofSeconds(5), Duration.between(timers.now(), c.backoffUntil()));
  }

  @Test
  void hubReachableDuringARunThatStillCannotConnectReconnectsRightAfterIt() {
    SyncCoordinator c = coordinator(DAILY);
    c.start();
    launcher.failToConnect();
    timers.advanceTo(c.backoffUntil()); // the retry is running
    c.hubReachable();
    assertEquals(2, launcher.count(), "one run at a time");
    launcher.failToConnect();
    assertEquals(3, launcher.count());
    assertEquals(Trigger.RECONNECT, launcher.last().trigger());
    launcher.succeed();
    // And when the run that was going succeeds, no reconnect run is needed.
    result(c.requestManual());
    launcher.failToConnect();
    timers.advanceTo(c.backoffUntil());
    c.hubReachable();
    launcher.succeed();
    assertEquals(5, launcher.count());
  }

  @Test
  void aLauncherThatFailsCountsAsAFailedRun() {
    SyncCoordinator c = coordinator(DAILY);
    c.start();
    launcher.last().done().fail(new IllegalStateException("engine broke"));
    assertFalse(c.running());
    assertEquals(1, c.status().consecutiveFailures());
    assertEquals(T0.plusSeconds(5), c.backoffUntil());
  }

  @Test
  void stopWaitsForTheRunningRunThenNothingMoreStarts() {
    SyncCoordinator c = coordinator(DAILY);
    c.start();
    c.localWrite();
    Future<Void> stopped = c.stop();
    assertFalse(stopped.isComplete(), "the start-up run is still going");
    assertTrue(c.requestManual().failed());
    assertTrue(c.requestManual().cause() instanceof OutpostException);
    launcher.fail();
    assertTrue(stopped.succeeded());
    assertNull(c.nextDue());
    assertNull(c.backoffUntil());
    timers.advance(Duration.ofDays(2));
    assertEquals(1, launcher.count());
    assertEquals(0, timers.pending());
  }

  @Test
  void stopAsksTheRunningRunToStopAndStillWaitsForItToEnd() {
    SyncCoordinator c = coordinator(DAILY);
    String startup = result(c.start());
    Future<Void> stopped = c.stop();
    assertEquals(List.of(startup), launcher.stopRequests, "the running run is asked to stop, not waited out");
    assertFalse(stopped.isComplete(), "the run ends at its next batch boundary, not at the request");
    launcher.failToConnect(); // a run stopped in its backoff ends on the error it had
    assertTrue(stopped.succeeded());
    assertNull(c.backoffUntil(), "no retry after stop");
    assertEquals(1, launcher.count());
  }

  @Test
  void stopWithNoRunGoingAsksNothingToStop() {
    SyncCoordinator c = idle(DAILY);
    assertTrue(c.stop().succeeded());
    assertTrue(launcher.stopRequests.isEmpty());
  }
}
