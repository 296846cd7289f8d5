package outpost.edge.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import outpost.edge.schedule.ScheduleConfig.Frequency;

/** The table of due times in docs/scheduling.md: every row here is a row there. */
class DueTimesTest {

  /** One row: a schedule, "now" (and the last due time), and the expected due time. */
  record Case(String name, ScheduleConfig config, String now, String lastDue, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static ScheduleConfig daily(String zone, int hour, String start) {
    return config(Frequency.DAILY, 15, hour, zone, start);
  }

  static ScheduleConfig monthly(String zone, int hour, String start) {
    return config(Frequency.MONTHLY, 15, hour, zone, start);
  }

  static ScheduleConfig interval(String zone, int minutes, String start) {
    return config(Frequency.INTERVAL, minutes, 0, zone, start);
  }

  static ScheduleConfig config(Frequency f, int minutes, int hour, String zone, String start) {
    return new ScheduleConfig(f, minutes, hour, ZoneId.of(zone),
        start == null ? null : LocalDate.parse(start), ScheduleConfig.DEFAULT_DEBOUNCE,
        ScheduleConfig.DEFAULT_BACKOFF_INITIAL, ScheduleConfig.DEFAULT_BACKOFF_MAX);
  }

  static Case row(String name, ScheduleConfig c, String now, String expected) {
    return new Case(name, c, now, null, expected);
  }

  static Case row(String name, ScheduleConfig c, String now, String lastDue, String expected) {
    return new Case(name, c, now, lastDue, expected);
  }

  static Stream<Case> table() {
    return Stream.of(
        // The case the issue names.
        row("London daily 00 from 1 May, 13 Jul 16:00 -> 14 Jul 00:00",
            daily("Europe/London", 0, "2026-05-01"), "2026-07-13T16:00+01:00", "2026-07-14T00:00+01:00"),
        row("London daily 00, after 14 Jul 00:00 ran -> 15 Jul 00:00",
            daily("Europe/London", 0, "2026-05-01"), "2026-07-14T00:00+01:00",
            "2026-07-14T00:00+01:00", "2026-07-15T00:00+01:00"),
        row("UTC daily 06, a minute before -> today",
            daily("Etc/UTC", 6, null), "2026-03-10T05:59Z", "2026-03-10T06:00Z"),
        row("UTC daily 06, exactly at -> now",
            daily("Etc/UTC", 6, null), "2026-03-10T06:00Z", "2026-03-10T06:00Z"),
        row("UTC daily 06, a second after -> tomorrow",
            daily("Etc/UTC", 6, null), "2026-03-10T06:00:01Z", "2026-03-11T06:00Z"),
        row("UTC daily 23 on 31 Dec after 23:00 -> 1 Jan",
            daily("Etc/UTC", 23, null), "2026-12-31T23:30Z", "2027-01-01T23:00Z"),
        row("UTC daily 09 with startDate ahead -> startDate",
            daily("Etc/UTC", 9, "2026-08-01"), "2026-07-13T16:00Z", "2026-08-01T09:00Z"),
        row("Kolkata daily 00 (+05:30)",
            daily("Asia/Kolkata", 0, null), "2026-07-13T16:00+05:30", "2026-07-14T00:00+05:30"),
        row("New York daily 02 on spring-forward day -> 03:00 EDT",
            daily("America/New_York", 2, null), "2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00"),
        row("New York daily 02, day after spring-forward -> 02:00 EDT",
            daily("America/New_York", 2, null), "2026-03-08T03:00-04:00",
            "2026-03-08T03:00-04:00", "2026-03-09T02:00-04:00"),
        row("New York daily 01 on fall-back day -> first 01:00 (EDT)",
            daily("America/New_York", 1, null), "2026-11-01T00:30-04:00", "2026-11-01T01:00-04:00"),
        row("New York daily 01 fall-back, at second 01:00 after first ran -> next day",
            daily("America/New_York", 1, null), "2026-11-01T01:00-05:00",
            "2026-11-01T01:00-04:00", "2026-11-02T01:00-05:00"),
        row("New York daily 01 fall-back, between the two 01:00s -> next day",
            daily("America/New_York", 1, null), "2026-11-01T01:30-04:00", "2026-11-02T01:00-05:00"),
        row("London daily 01 on spring-forward day -> 02:00 BST",
            daily("Europe/London", 1, null), "2026-03-29T00:30Z", "2026-03-29T02:00+01:00"),
        row("London daily 01 on fall-back day -> first 01:00 (BST)",
            daily("Europe/London", 1, null), "2026-10-25T00:00+01:00", "2026-10-25T01:00+01:00"),
        row("Lord Howe daily 02 on spring-forward day (30 min gap) -> 02:30",
            daily("Australia/Lord_Howe", 2, null), "2026-10-04T01:00+10:30", "2026-10-04T02:30+11:00"),
        row("Chatham daily 03 on spring-forward day (02:45->03:45) -> 03:45",
            daily("Pacific/Chatham", 3, null), "2026-09-27T01:00+12:45", "2026-09-27T03:45+13:45"),
        row("Chatham daily 03 on fall-back day -> first 03:00 (+13:45)",
            daily("Pacific/Chatham", 3, null), "2026-04-05T00:00+13:45", "2026-04-05T03:00+13:45"),
        row("monthly on 31st from Jan -> 28 Feb",
            monthly("Etc/UTC", 0, "2026-01-31"), "2026-02-01T00:00Z", "2026-02-28T00:00Z"),
        row("monthly on 31st, leap year -> 29 Feb",
            monthly("Etc/UTC", 0, "2028-01-31"), "2028-02-01T00:00Z", "2028-02-29T00:00Z"),
        row("monthly on 31st -> 30 Apr",
            monthly("Etc/UTC", 0, "2026-01-31"), "2026-04-01T12:00Z", "2026-04-30T00:00Z"),
        row("monthly on 31st, after 28 Feb -> 31 Mar",
            monthly("Etc/UTC", 0, "2026-01-31"), "2026-02-28T00:00:01Z", "2026-03-31T00:00Z"),
        row("monthly on 31st, after 31 Dec -> 31 Jan next year",
            monthly("Etc/UTC", 0, "2026-01-31"), "2026-12-31T00:00:01Z", "2027-01-31T00:00Z"),
        row("London monthly 15th 09, passed this month -> next month",
            monthly("Europe/London", 9, "2026-01-15"), "2026-07-15T10:00+01:00", "2026-08-15T09:00+01:00"),
        row("London monthly with startDate ahead -> startDate",
            monthly("Europe/London", 9, "2026-09-10"), "2026-07-13T16:00+01:00", "2026-09-10T09:00+01:00"),
        row("Kolkata monthly without startDate -> the 1st",
            monthly("Asia/Kolkata", 6, null), "2026-07-13T16:00+05:30", "2026-08-01T06:00+05:30"),
        row("UTC every 15 min from 1 Jul -> next quarter hour",
            interval("Etc/UTC", 15, "2026-07-01"), "2026-07-13T16:07Z", "2026-07-13T16:15Z"),
        row("UTC every 15 min, exactly on the grid -> now",
            interval("Etc/UTC", 15, "2026-07-01"), "2026-07-13T16:15Z", "2026-07-13T16:15Z"),
        row("London every 15 min, startDate ahead -> its midnight",
            interval("Europe/London", 15, "2026-08-01"), "2026-07-13T16:00+01:00", "2026-08-01T00:00+01:00"),
        row("New York hourly from the spring-forward day (elapsed time)",
            interval("America/New_York", 60, "2026-03-08"), "2026-03-08T03:30-04:00", "2026-03-08T04:00-04:00"),
        row("New York every 1440 min from 1 Mar: 00:00 EST becomes 01:00 EDT",
            interval("America/New_York", 1440, "2026-03-01"), "2026-03-10T00:30-04:00", "2026-03-10T01:00-04:00"),
        row("Kolkata every 90 min from 13 Jul",
            interval("Asia/Kolkata", 90, "2026-07-13"), "2026-07-13T16:00+05:30", "2026-07-13T16:30+05:30"),
        row("Chatham hourly from the spring-forward day",
            interval("Pacific/Chatham", 60, "2026-09-27"), "2026-09-27T03:50+13:45", "2026-09-27T04:00+13:45"),
        row("UTC every 15 min, no startDate, first ask -> now + 15 min",
            interval("Etc/UTC", 15, null), "2026-07-13T16:07Z", "2026-07-13T16:22Z"),
        row("UTC every 15 min, no startDate, at the last due -> last + 15 min",
            interval("Etc/UTC", 15, null), "2026-07-13T16:22Z", "2026-07-13T16:22Z", "2026-07-13T16:37Z"),
        row("UTC every 15 min, no startDate, late -> next on the last due's grid",
            interval("Etc/UTC", 15, null), "2026-07-13T17:00Z", "2026-07-13T16:22Z", "2026-07-13T17:07Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void dueTimeMatchesTheTable(Case c) {
    Instant now = OffsetDateTime.parse(c.now()).toInstant();
    Instant last = c.lastDue() == null ? null : OffsetDateTime.parse(c.lastDue()).toInstant();
    Instant due = DueTimes.next(c.config(), now, last);
    OffsetDateTime expected = OffsetDateTime.parse(c.expected());
    assertEquals(expected.toInstant(), due, () -> c.name() + ": got " + due.atZone(c.config().timeZone()));
    // The expected offset is the zone's real offset at that instant: the table shows local times.
    assertEquals(expected.getOffset(), due.atZone(c.config().timeZone()).getOffset(), c.name());
  }

  @Test
  void londonDailyMidnightFromFirstOfMayIsDueAtMidnightOf14July() {
    ScheduleConfig c = daily("Europe/London", 0, "2026-05-01");
    Instant now = ZonedDateTime.of(2026, 7, 13, 16, 0, 0, 0, ZoneId.of("Europe/London")).toInstant();
    assertEquals(ZonedDateTime.of(2026, 7, 14, 0, 0, 0, 0, ZoneId.of("Europe/London")).toInstant(),
        DueTimes.next(c, now, null));
  }

  /** Why DueTimes does not simply use ZonedDateTime.of for gaps: it shifts by the gap's length. */
  @Test
  void gapResolvesToTransitionInstantWhereZonedDateTimeOfOvershoots() {
    ZoneId chatham = ZoneId.of("Pacific/Chatham");
    LocalDateTime three = LocalDateTime.of(2026, 9, 27, 3, 0);
    Instant ours = DueTimes.at(three.toLocalDate(), 3, chatham);
    Instant zdt = ZonedDateTime.of(three, chatham).toInstant();
    assertEquals(OffsetDateTime.parse("2026-09-27T03:45+13:45").toInstant(), ours);
    assertEquals(OffsetDateTime.parse("2026-09-27T04:00+13:45").toInstant(), zdt);
    assertNotEquals(ours, zdt);
    // For gaps that start on the hour both agree (New York 02:00 -> 03:00 EDT).
    ZoneId ny = ZoneId.of("America/New_York");
    assertEquals(ZonedDateTime.of(LocalDateTime.of(2026, 3, 8, 2, 0), ny).toInstant(),
        DueTimes.at(LocalDate.of(2026, 3, 8), 2, ny));
  }

  /** Walks two years of daily due times in each zone: one per local day, never twice, never skipped. */
  @Test
  void dailyScheduleFiresExactlyOncePerLocalDayAcrossDstChanges() {
    for (String zone : List.of("Europe/London", "America/New_York", "Asia/Kolkata",
        "Australia/Lord_Howe", "Pacific/Chatham", "Etc/UTC")) {
      for (int hour : new int[] {0, 1, 2, 3, 12, 23}) {
        ScheduleConfig c = daily(zone, hour, null);
        ZoneId z = c.timeZone();
        Instant due = DueTimes.next(c, Instant.parse("2026-01-01T00:00:00Z"), null);
        LocalDate day = LocalDate.ofInstant(due, z);
        for (int i = 0; i < 730; i++) {
          Instant next = DueTimes.next(c, due, due);
          LocalDate nextDay = LocalDate.ofInstant(next, z);
          assertEquals(day.plusDays(1), nextDay, zone + " hour " + hour + " after " + due);
          assertTrue(Duration.between(due, next).toHours() >= 22, zone + " " + due + " -> " + next);
          int localHour = next.atZone(z).getHour();
          // On the hour, or pushed past a spring-forward gap to within the next hour.
          assertTrue(localHour == hour || localHour == (hour + 1) % 24,
              zone + " hour " + hour + " got " + next.atZone(z));
          due = next;
          day = nextDay;
        }
      }
    }
  }
}
