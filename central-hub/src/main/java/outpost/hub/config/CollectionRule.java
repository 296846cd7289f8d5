package outpost.hub.config;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.regex.Pattern;

/** A collection declared on the hub: who receives its records (scope) and who may change them (writers). */
public record CollectionRule(String name, Scope scope, Writers writers) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

  /** Who receives the records of a collection. */
  public enum Scope { SHARED, SITE }

  /** Who may change the records of a collection. */
  public enum Writers { HUB, OWNER, ANY }

  public CollectionRule {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("collection name '" + name
          + "' must be 1-64 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
    }
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(writers, "writers");
  }

  public static CollectionRule fromJson(JsonObject json, String where) {
    String name = json.getString("name");
    if (name == null) {
      throw new IllegalArgumentException(where + ".name is required");
    }
    return new CollectionRule(name,
        parse(Scope.class, json.getString("scope", "shared"), where + ".scope", "\"shared\" or \"site\""),
        parse(Writers.class, json.getString("writers", "any"), where + ".writers",
            "\"hub\", \"owner\" or \"any\""));
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("scope", scope.name().toLowerCase())
        .put("writers", writers.name().toLowerCase());
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String field, String allowed) {
    try {
      return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is '" + value + "'; it must be " + allowed, e);
    }
  }
}
