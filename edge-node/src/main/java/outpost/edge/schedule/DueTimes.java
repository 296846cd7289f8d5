package outpost.edge.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Due times of a schedule: a pure function of the config, "now" and the last due time, computed in
 * the site's time zone (docs/scheduling.md has the rules and a table of examples).
 *
 * <ul>
 *   <li>daily: {@code syncHour}:00 local on every day from {@code startDate} on;
 *   <li>monthly: {@code syncHour}:00 local on the day of the month of {@code startDate} (the 1st
 *       without one), moved to the last day in shorter months (31 → 30 April, 28/29 February);
 *   <li>interval: with a {@code startDate}, its local midnight + k × interval (elapsed time, so local
 *       clock times shift by the DST change); without one, the grid starts at the first "now" it is
 *       asked about: now + interval, then last due + k × interval.
 * </ul>
 *
 * Daylight saving: a local time in a spring-forward gap is due at the first valid instant after it
 * (the transition instant; e.g. 03:00 on Chatham's 02:45→03:45 day is due at 03:45). A local time
 * that happens twice on a fall-back day is due once, at the earlier instant (the summer offset).
 */
public final class DueTimes {
  private DueTimes() {}

  /**
   * The first due time at or after {@code now} and, when {@code lastDue} is given, strictly after it
   * (so one due time is never served twice).
   *
   * @param lastDue the due time the schedule last fired for, or null when it never fired
   */
  public static Instant next(ScheduleConfig config, Instant now, Instant lastDue) {
    Instant from = lastDue == null || now.isAfter(lastDue) ? now : lastDue.plusNanos(1);
    return switch (config.frequency()) {
      case INTERVAL -> interval(config, now, from, lastDue);
      case DAILY -> daily(config, from);
      case MONTHLY -> monthly(config, from);
    };
  }

  /** The instant of {@code date} at {@code hour}:00 in {@code zone}, with the DST rules above. */
  public static Instant at(LocalDate date, int hour, ZoneId zone) {
    LocalDateTime local = date.atTime(hour, 0);
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      // In a gap. ZonedDateTime.of would shift by the gap's length, which is not the first valid
      // instant when the gap does not start on the hour (Pacific/Chatham: 02:45 → 03:45).
      ZoneOffsetTransition gap = rules.getTransition(local);
      return gap.getInstant();
    }
    // One offset normally; two in a fall-back overlap, the earlier instant (summer offset) first.
    return local.toInstant(offsets.get(0));
  }

  private static Instant interval(ScheduleConfig c, Instant now, Instant from, Instant lastDue) {
    Instant anchor;
    if (c.startDate() != null) {
      anchor = c.startDate().atStartOfDay(c.timeZone()).toInstant();
    } else if (lastDue != null) {
      anchor = lastDue;
    } else {
      return now.plus(c.interval());
    }
    if (!from.isAfter(anchor)) {
      return anchor;
    }
    Duration elapsed = Duration.between(anchor, from);
    long seconds = elapsed.getSeconds() + (elapsed.getNano() > 0 ? 1 : 0);
    long step = c.interval().getSeconds();
    long k = (seconds + step - 1) / step;
    return anchor.plusSeconds(k * step);
  }

  private static Instant daily(ScheduleConfig c, Instant from) {
    LocalDate date = LocalDate.ofInstant(from, c.timeZone());
    if (c.startDate() != null && date.isBefore(c.startDate())) {
      date = c.startDate();
    }
    while (true) {
      Instant due = at(date, c.syncHour(), c.timeZone());
      if (!due.isBefore(from)) {
        return due;
      }
      date = date.plusDays(1);
    }
  }

  private static Instant monthly(ScheduleConfig c, Instant from) {
    LocalDate start = c.startDate();
    int dayOfMonth = start == null ? 1 : start.getDayOfMonth();
    LocalDate today = LocalDate.ofInstant(from, c.timeZone());
    YearMonth month = YearMonth.from(start != null && today.isBefore(start) ? start : today);
    while (true) {
      LocalDate date = month.atDay(Math.min(dayOfMonth, month.lengthOfMonth()));
      if (start == null || !date.isBefore(start)) {
        Instant due = at(date, c.syncHour(), c.timeZone());
        if (!due.isBefore(from)) {
          return due;
        }
      }
      month = month.plusMonths(1);
    }
  }
}
