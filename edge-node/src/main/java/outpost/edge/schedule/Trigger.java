package outpost.edge.schedule;

import java.util.Locale;

/** Why a sync run started. The JSON name (design.md §5) is the lower-case constant name. */
public enum Trigger {
  MANUAL, SCHEDULE, CHANGE, RECONNECT, STARTUP;

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
