package outpost.edge.store;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What the edge knows of the hubs' collection rules (learnt at each sync's hello, kept in the file), so
 * that local writes a hub would refuse are refused before they are logged.
 */
public record CollectionRules(Map<String, Rule> rules) {
  /** One collection's scope ("shared" or "site") and writers ("hub", "owner" or "any"). */
  public record Rule(String scope, String writers) {}

  public static final CollectionRules NONE = new CollectionRules(Map.of());

  public CollectionRules {
    rules = Map.copyOf(rules);
  }

  public boolean siteScoped(String collection) {
    Rule rule = rules.get(collection);
    return rule != null && "site".equals(rule.scope());
  }

  public boolean hubOnly(String collection) {
    Rule rule = rules.get(collection);
    return rule != null && "hub".equals(rule.writers());
  }

  public boolean ownerOnly(String collection) {
    Rule rule = rules.get(collection);
    return rule != null && "owner".equals(rule.writers());
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    rules.forEach((c, r) -> json.put(c, new JsonObject().put("scope", r.scope()).put("writers", r.writers())));
    return json;
  }

  public static CollectionRules fromJson(JsonObject json) {
    Map<String, Rule> rules = new java.util.HashMap<>();
    json.forEach(e -> {
      JsonObject r = (JsonObject) e.getValue();
      rules.put(e.getKey(), new Rule(r.getString("scope"), r.getString("writers")));
    });
    return new CollectionRules(rules);
  }
}
