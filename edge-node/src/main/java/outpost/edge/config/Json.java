package outpost.edge.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Typed reads of config JSON that name the field when the type is wrong. */
final class Json {
  private Json() {}

  static String string(JsonObject json, String key, String path) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new ConfigException(path, "must be a string");
    }
    return s;
  }

  static long number(JsonObject json, String key, long dflt) {
    Object v = json.getValue(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new ConfigException(key, "must be a whole number");
  }

  /** A duration as ISO-8601 ("PT60S") or a whole number of seconds. */
  static Duration duration(JsonObject json, String key, Duration dflt) {
    Object v = json.getValue(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n && n.doubleValue() == n.longValue()) {
      return Duration.ofSeconds(n.longValue());
    }
    if (v instanceof String s) {
      try {
        return Duration.parse(s.trim());
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    throw new ConfigException(key, "must be a duration such as \"PT60S\" or a number of seconds");
  }
}
