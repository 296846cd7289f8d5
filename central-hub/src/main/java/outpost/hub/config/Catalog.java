package outpost.hub.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The collections a hub knows, by name. Immutable. */
public final class Catalog {
  private final Map<String, CollectionRule> rules;

  public Catalog(Collection<CollectionRule> rules) {
    Map<String, CollectionRule> byName = new LinkedHashMap<>();
    for (CollectionRule rule : rules) {
      if (byName.put(rule.name(), rule) != null) {
        throw new IllegalArgumentException("collection '" + rule.name() + "' is declared twice");
      }
    }
    this.rules = Map.copyOf(byName);
  }

  public Optional<CollectionRule> rule(String collection) {
    return Optional.ofNullable(rules.get(collection));
  }

  public List<CollectionRule> all() {
    return rules.values().stream().sorted(java.util.Comparator.comparing(CollectionRule::name)).toList();
  }

  /** The owner a record of this collection is filed under: "" for shared collections. */
  public String partitionOwner(String collection, String owner) {
    CollectionRule rule = rules.get(collection);
    return rule != null && rule.scope() == CollectionRule.Scope.SITE ? owner : "";
  }
}
