package outpost.edge.schedule;

import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import outpost.common.error.OutpostException;

/**
 * The {@code "schedule"} object of {@code edge.json} (docs/scheduling.md): when scheduled runs fall
 * due, how long local writes are collected before a change run, and the retry backoff.
 *
 * @param frequency interval, daily or monthly
 * @param intervalMinutes minutes between due times (interval only; at least 1)
 * @param syncHour hour of the day, 0-23, in {@code timeZone} (daily and monthly)
 * @param timeZone the site's time zone; due times are computed in it
 * @param startDate first day the schedule applies (interval: the grid starts at its midnight;
 *     monthly: also the day of the month); null for none
 * @param debounce how long local writes are collected before one change run
 * @param backoffInitial the first retry delay after a failed run
 * @param backoffMax the cap on the retry delay
 */
public record ScheduleConfig(
    Frequency frequency,
    int intervalMinutes,
    int syncHour,
    ZoneId timeZone,
    LocalDate startDate,
    Duration debounce,
    Duration backoffInitial,
    Duration backoffMax) {

  /** How due times repeat. */
  public enum Frequency {
    INTERVAL, DAILY, MONTHLY;

    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final Frequency DEFAULT_FREQUENCY = Frequency.INTERVAL;
  public static final int DEFAULT_INTERVAL_MINUTES = 15;
  public static final int DEFAULT_SYNC_HOUR = 0;
  public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Etc/UTC");
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);

  /** The schedule used when {@code edge.json} has no {@code "schedule"} object: every 15 minutes. */
  public static final ScheduleConfig DEFAULT = new ScheduleConfig(DEFAULT_FREQUENCY,
      DEFAULT_INTERVAL_MINUTES, DEFAULT_SYNC_HOUR, DEFAULT_TIME_ZONE, null, DEFAULT_DEBOUNCE,
      DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX);

  private static final Set<String> KEYS = Set.of("frequency", "intervalMinutes", "syncHour",
      "timeZone", "startDate", "debounceSeconds", "backoffInitialSeconds", "backoffMaxSeconds");

  /** Validates; messages start with the field name so that {@link #fromJson} can prefix its path. */
  public ScheduleConfig {
    Objects.requireNonNull(frequency, "frequency");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(debounce, "debounce");
    Objects.requireNonNull(backoffInitial, "backoffInitial");
    Objects.requireNonNull(backoffMax, "backoffMax");
    if (frequency == Frequency.INTERVAL && intervalMinutes < 1) {
      throw new IllegalArgumentException(
          "intervalMinutes must be >= 1 for frequency interval, got " + intervalMinutes);
    }
    if (syncHour < 0 || syncHour > 23) {
      throw new IllegalArgumentException("syncHour must be 0-23, got " + syncHour);
    }
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounceSeconds must be >= 0, got " + debounce.toSeconds());
    }
    if (backoffInitial.isNegative() || backoffInitial.isZero()) {
      throw new IllegalArgumentException(
          "backoffInitialSeconds must be >= 1, got " + backoffInitial.toSeconds());
    }
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException("backoffMaxSeconds must be >= backoffInitialSeconds ("
          + backoffInitial.toSeconds() + "), got " + backoffMax.toSeconds());
    }
  }

  /** The interval between due times (interval frequency). */
  public Duration interval() {
    return Duration.ofMinutes(intervalMinutes);
  }

  /**
   * Reads and validates a {@code "schedule"} object; null means "absent" and gives {@link #DEFAULT}.
   *
   * @param json the schedule object, or null
   * @param where its path in the config, used in messages (e.g. {@code "schedule"})
   * @throws outpost.common.error.OutpostException BAD_REQUEST naming the bad field, e.g.
   *     {@code schedule.syncHour must be 0-23, got 25}
   */
  public static ScheduleConfig fromJson(JsonObject json, String where) {
    if (json == null) {
      return DEFAULT;
    }
    ScheduleJson in = new ScheduleJson(json, where);
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key) && !key.startsWith("_")) { // "_comment"-style keys explain example files
        throw in.bad(key, "is not a known setting (known: " + String.join(", ", KEYS.stream()
            .sorted().toList()) + ")");
      }
    }
    Frequency frequency = in.frequency("frequency", DEFAULT_FREQUENCY);
    int interval = in.integer("intervalMinutes", DEFAULT_INTERVAL_MINUTES);
    int hour = in.integer("syncHour", DEFAULT_SYNC_HOUR);
    ZoneId zone = in.zone("timeZone", DEFAULT_TIME_ZONE);
    LocalDate start = in.date("startDate");
    Duration debounce = Duration.ofSeconds(in.integer("debounceSeconds",
        (int) DEFAULT_DEBOUNCE.toSeconds()));
    Duration initial = Duration.ofSeconds(in.integer("backoffInitialSeconds",
        (int) DEFAULT_BACKOFF_INITIAL.toSeconds()));
    Duration max = Duration.ofSeconds(in.integer("backoffMaxSeconds",
        (int) DEFAULT_BACKOFF_MAX.toSeconds()));
    try {
      return new ScheduleConfig(frequency, interval, hour, zone, start, debounce, initial, max);
    } catch (IllegalArgumentException e) {
      throw in.bad(e.getMessage());
    }
  }

  /** The JSON form, read back by {@link #fromJson} to an equal config. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("frequency", frequency.jsonName())
        .put("intervalMinutes", intervalMinutes)
        .put("syncHour", syncHour)
        .put("timeZone", timeZone.getId());
    if (startDate != null) {
      json.put("startDate", startDate.toString());
    }
    return json.put("debounceSeconds", debounce.toSeconds())
        .put("backoffInitialSeconds", backoffInitial.toSeconds())
        .put("backoffMaxSeconds", backoffMax.toSeconds());
  }

  /** Typed reads from the JSON object with messages that name the field. */
  private record ScheduleJson(JsonObject json, String where) {
    RuntimeException bad(String field, String problem) {
      return bad(field + " " + problem);
    }

    RuntimeException bad(String message) {
      String prefix = where == null || where.isEmpty() ? "" : where + ".";
      return OutpostException.badRequest(prefix + message);
    }

    int integer(String field, int fallback) {
      Object v = json.getValue(field);
      if (v == null) {
        return fallback;
      }
      if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
          && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
        return n.intValue();
      }
      throw bad(field, "must be a whole number, got " + quote(v));
    }

    String string(String field) {
      Object v = json.getValue(field);
      if (v == null || v instanceof String) {
        return (String) v;
      }
      throw bad(field, "must be a string, got " + v);
    }

    Frequency frequency(String field, Frequency fallback) {
      String s = string(field);
      if (s == null) {
        return fallback;
      }
      for (Frequency f : Frequency.values()) {
        if (f.jsonName().equals(s)) {
          return f;
        }
      }
      throw bad(field, "must be one of interval, daily, monthly, got " + quote(s));
    }

    ZoneId zone(String field, ZoneId fallback) {
      return time(field, fallback, ZoneId::of,
          s -> "is not a known time zone: " + s + " (use an IANA name such as Europe/London or Etc/UTC)");
    }

    LocalDate date(String field) {
      return time(field, null, LocalDate::parse, s -> "must be a date like 2026-05-01, got " + s);
    }

    /** An optional text field read by a java.time parser; {@code problem} words a refusal from the quoted text. */
    private <T> T time(String field, T fallback, Function<String, T> parse, UnaryOperator<String> problem) {
      String s = string(field);
      if (s == null) {
        return fallback;
      }
      try {
        return parse.apply(s);
      } catch (DateTimeException e) {
        throw bad(field, problem.apply(quote(s)));
      }
    }

    private static String quote(Object v) {
      return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    }
  }
}
