package outpost.edge.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import outpost.edge.schedule.ScheduleConfig.Frequency;

/** {@link SyncCoordinator#reschedule}: a schedule changed through the API takes effect at once. */
class RescheduleTest {
  private static final Instant T0 = OffsetDateTime.parse("2026-07-13T16:00+01:00").toInstant();
  private static final ScheduleConfig DAILY_LONDON = new ScheduleConfig(Frequency.DAILY, 15, 0,
      ZoneId.of("Europe/London"), null, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5));
  private static final ScheduleConfig DAILY_KOLKATA_21 = new ScheduleConfig(Frequency.DAILY, 15, 21,
      ZoneId.of("Asia/Kolkata"), null, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5));

  private final ManualTimers timers = new ManualTimers(T0);
  private final FakeLauncher launcher = new FakeLauncher(timers);
  private final AtomicInteger ids = new AtomicInteger();

  private SyncCoordinator started(ScheduleConfig config) {
    SyncCoordinator c = new SyncCoordinator(config, launcher, timers, () -> 1.0, () -> "run-" + ids.incrementAndGet());
    c.start();
    launcher.succeed();
    return c;
  }

  @Test
  void theNextDueTimeIsWorkedOutAgainAndTheRunStartsThenNotAtTheOldTime() {
    SyncCoordinator c = started(DAILY_LONDON);
    Instant oldDue = OffsetDateTime.parse("2026-07-14T00:00+01:00").toInstant();
    assertEquals(oldDue, c.nextDue());

    Instant newDue = OffsetDateTime.parse("2026-07-13T21:00+05:30").toInstant(); // 16:30 London, today
    assertEquals(newDue, c.reschedule(DAILY_KOLKATA_21).result());
    assertEquals(newDue, c.nextDue());
    timers.advanceTo(newDue);
    assertEquals(2, launcher.count());
    assertEquals(Trigger.SCHEDULE, launcher.last().trigger());
    assertEquals(newDue, launcher.last().dueAt());
    launcher.succeed();
    timers.advanceTo(oldDue);
    assertEquals(2, launcher.count(), "the old schedule's due time is gone");
    assertEquals(newDue.plus(Duration.ofDays(1)), c.nextDue());
  }

  @Test
  void anIntervalScheduleWithoutAStartDateStartsItsGridAtTheChange() {
    SyncCoordinator c = started(DAILY_LONDON);
    timers.advance(Duration.ofMinutes(7));
    ScheduleConfig every10 = new ScheduleConfig(Frequency.INTERVAL, 10, 0, ZoneId.of("Etc/UTC"),
        LocalDate.of(2026, 7, 13), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5));
    // From the start date's midnight every 10 minutes: 16:07 London is 15:07 UTC, so 15:10 UTC.
    assertEquals(Instant.parse("2026-07-13T15:10:00Z"), c.reschedule(every10).result());
    ScheduleConfig noStart = new ScheduleConfig(Frequency.INTERVAL, 10, 0, ZoneId.of("Etc/UTC"), null,
        Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5));
    assertEquals(timers.now().plus(Duration.ofMinutes(10)), c.reschedule(noStart).result());
  }

  @Test
  void beforeStartOnlyTheConfigChangesAndStartUsesIt() {
    SyncCoordinator c = new SyncCoordinator(DAILY_LONDON, launcher, timers, () -> 1.0, () -> "run-1");
    assertEquals(null, c.reschedule(DAILY_KOLKATA_21).result());
    c.start();
    launcher.succeed();
    assertEquals(OffsetDateTime.parse("2026-07-13T21:00+05:30").toInstant(), c.nextDue());
  }
}
