package outpost.edge.schedule;

import java.util.Locale;

/**
 * Why a sync run started. The JSON name (docs/rest-api.md) is the lower-case constant name. RETRY is the
 * coordinator's own retry after a failed run (whatever that run's trigger was): a click is one MANUAL run,
 * the node's start one STARTUP run, however often they are retried.
 */
public enum Trigger {
  MANUAL, SCHEDULE, CHANGE, RECONNECT, STARTUP, RETRY;

  /** The name used in JSON and on the status API: {@code manual}, {@code schedule}, ... */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a JSON name; throws IllegalArgumentException naming the bad value. */
  public static Trigger fromJson(String name) {
    for (Trigger t : values()) {
      if (t.jsonName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown trigger: " + name);
  }
}
