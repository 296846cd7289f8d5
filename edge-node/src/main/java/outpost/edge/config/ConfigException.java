package outpost.edge.config;

/** An invalid configuration value; the message starts with the field's path (e.g. {@code hubs[1].address}). */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public ConfigException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  /** The path of the bad field. */
  public String field() {
    return field;
  }

  /** The same problem under a parent path: {@code address} inside {@code hubs[1]} becomes {@code hubs[1].address}. */
  ConfigException under(String parent) {
    ConfigException e = new ConfigException(parent + "." + field, getMessage().substring(field.length() + 1));
    e.setStackTrace(getStackTrace());
    return e;
  }
}
