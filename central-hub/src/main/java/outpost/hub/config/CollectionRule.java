package outpost.hub.config;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.regex.Pattern;

/** A collection declared on the hub: who receives its records (scope) and who may change them (writers). */
public record CollectionRule(String name, Scope scope, Writers writers) {
  private static final java.util.Set<String> KEYS = java.util.Set.of("name", "scope", "writers");
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
    for (String key : json.fieldNames()) {
      // A typo must not fall back to a default: "scop": "site" would quietly share a site's records.
      if (!KEYS.contains(key) && !key.startsWith("_")) {
        throw new IllegalArgumentException(where + "." + key
            + " is not a known collection field (name, scope, writers; keys starting with '_' are comments)");
      }
    }
    String name = string(json, "name", where, null);
    if (name == null) {
      throw new IllegalArgumentException(where + ".name is required");
    }
    Scope scope = parse(Scope.class, string(json, "scope", where, "shared"), where + ".scope",
        "\"shared\" or \"site\"");
    Writers writers = parse(Writers.class, string(json, "writers", where, "any"), where + ".writers",
        "\"hub\", \"owner\" or \"any\"");
    try {
      return new CollectionRule(name, scope, writers);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".name: " + e.getMessage(), e);
    }
  }

  /** A string field; a value of another type is refused with the field's path (not a ClassCastException). */
  private static String string(JsonObject json, String key, String where, String fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException(where + "." + key + " must be a string, not " + value);
    }
    return s;
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
