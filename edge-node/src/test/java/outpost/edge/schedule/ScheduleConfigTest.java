package outpost.edge.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.schedule.ScheduleConfig.Frequency;

class ScheduleConfigTest {

  @Test
  void absentScheduleMeansEveryFifteenMinutesInUtc() {
    ScheduleConfig c = ScheduleConfig.fromJson(null, "schedule");
    assertEquals(Frequency.INTERVAL, c.frequency());
    assertEquals(15, c.intervalMinutes());
    assertEquals(ZoneId.of("Etc/UTC"), c.timeZone());
    assertNull(c.startDate());
    assertEquals(Duration.ofSeconds(30), c.debounce());
    assertEquals(Duration.ofMinutes(5), c.backoffMax());
    assertEquals(c, ScheduleConfig.fromJson(new JsonObject(), "schedule"));
  }

  @Test
  void fullConfigRoundTripsThroughJson() {
    JsonObject json = new JsonObject().put("frequency", "monthly").put("intervalMinutes", 60)
        .put("syncHour", 3).put("timeZone", "Pacific/Chatham").put("startDate", "2026-01-31")
        .put("debounceSeconds", 10).put("backoffInitialSeconds", 2).put("backoffMaxSeconds", 600);
    ScheduleConfig c = ScheduleConfig.fromJson(json, "schedule");
    assertEquals(new ScheduleConfig(Frequency.MONTHLY, 60, 3, ZoneId.of("Pacific/Chatham"),
        LocalDate.of(2026, 1, 31), Duration.ofSeconds(10), Duration.ofSeconds(2),
        Duration.ofMinutes(10)), c);
    assertEquals(json, c.toJson());
    assertEquals(c, ScheduleConfig.fromJson(c.toJson(), "schedule"));
    assertEquals(ScheduleConfig.DEFAULT,
        ScheduleConfig.fromJson(ScheduleConfig.DEFAULT.toJson(), "schedule"));
  }

  @Test
  void intervalMinutesIsOnlyCheckedForIntervalSchedules() {
    ScheduleConfig c = ScheduleConfig.fromJson(
        new JsonObject().put("frequency", "daily").put("intervalMinutes", 0), "schedule");
    assertEquals(Frequency.DAILY, c.frequency());
  }

  @Test
  void badSyncHourIsNamed() {
    assertBad(new JsonObject().put("frequency", "daily").put("syncHour", 25),
        "schedule.syncHour must be 0-23, got 25");
    assertBad(new JsonObject().put("syncHour", -1), "schedule.syncHour must be 0-23, got -1");
    assertBad(new JsonObject().put("syncHour", "3"), "schedule.syncHour must be a whole number, got \"3\"");
    assertBad(new JsonObject().put("syncHour", 2.5), "schedule.syncHour must be a whole number, got 2.5");
  }

  @Test
  void unknownTimeZoneIsNamed() {
    assertBad(new JsonObject().put("timeZone", "Mars/Olympus_Mons"),
        "schedule.timeZone is not a known time zone: \"Mars/Olympus_Mons\""
            + " (use an IANA name such as Europe/London or Etc/UTC)");
  }

  @Test
  void intervalBelowOneMinuteIsRefused() {
    assertBad(new JsonObject().put("frequency", "interval").put("intervalMinutes", 0),
        "schedule.intervalMinutes must be >= 1 for frequency interval, got 0");
  }

  @Test
  void unknownFrequencyKeyAndDateAreNamed() {
    assertBad(new JsonObject().put("frequency", "weekly"),
        "schedule.frequency must be one of interval, daily, monthly, got \"weekly\"");
    assertBad(new JsonObject().put("synchour", 3), "schedule.synchour is not a known setting (known:"
        + " backoffInitialSeconds, backoffMaxSeconds, debounceSeconds, frequency, intervalMinutes,"
        + " startDate, syncHour, timeZone)");
    assertBad(new JsonObject().put("startDate", "1 May"),
        "schedule.startDate must be a date like 2026-05-01, got \"1 May\"");
    assertBad(new JsonObject().put("startDate", "2026-02-30"),
        "schedule.startDate must be a date like 2026-05-01, got \"2026-02-30\"");
  }

  @Test
  void backoffAndDebounceBoundsAreNamed() {
    assertBad(new JsonObject().put("debounceSeconds", -1), "schedule.debounceSeconds must be >= 0, got -1");
    assertBad(new JsonObject().put("backoffInitialSeconds", 0),
        "schedule.backoffInitialSeconds must be >= 1, got 0");
    assertBad(new JsonObject().put("backoffInitialSeconds", 60).put("backoffMaxSeconds", 30),
        "schedule.backoffMaxSeconds must be >= backoffInitialSeconds (60), got 30");
  }

  private static void assertBad(JsonObject json, String message) {
    OutpostException e = assertThrows(OutpostException.class,
        () -> ScheduleConfig.fromJson(json, "schedule"));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals(message, e.getMessage());
  }
}
