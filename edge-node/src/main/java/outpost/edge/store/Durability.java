package outpost.edge.store;

/** When an acknowledged local write is safe (docs/operations.md, "Edge (edge.json)"). */
public enum Durability {
  /** Committed to the file before the answer: survives a killed process. The default. */
  COMMIT,
  /** Also forced to disk (fsync) before the answer: survives power loss. Group commit shares one flush. */
  FSYNC;

  public static Durability parse(String value) {
    try {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("durability must be \"commit\" or \"fsync\", got \"" + value + "\"", e);
    }
  }
}
