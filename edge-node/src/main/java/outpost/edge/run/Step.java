package outpost.edge.run;

import java.util.Locale;

/** The steps of one hub's part of a run, in order. */
public enum Step {
  PUSH, PULL, INTEGRATE;

  /** The JSON name: {@code push}, {@code pull}, {@code integrate}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Step fromJson(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
