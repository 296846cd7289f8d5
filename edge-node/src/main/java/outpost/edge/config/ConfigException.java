package outpost.edge.config;

/** An invalid configuration value; the message starts with the field's path (e.g. {@code hubs[1].address}). */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String problem;
  private final String separator;

  /** "FIELD PROBLEM", e.g. "httpPort must be 0-65535". */
  public ConfigException(String field, String problem) {
    this(field, problem, " ");
  }

  private ConfigException(String field, String problem, String separator) {
    super(field + separator + problem);
    this.field = field;
    this.problem = problem;
    this.separator = separator;
  }

  /** "FIELD: SENTENCE", for a problem that reads as a sentence of its own. */
  static ConfigException sentence(String field, String sentence) {
    return new ConfigException(field, sentence, ": ");
  }

  /** The path of the bad field. */
  public String field() {
    return field;
  }

  /** The same problem under a parent path: {@code address} inside {@code hubs[1]} becomes {@code hubs[1].address}. */
  ConfigException under(String parent) {
    ConfigException e = new ConfigException(parent + "." + field, problem, separator);
    e.setStackTrace(getStackTrace());
    return e;
  }
}
