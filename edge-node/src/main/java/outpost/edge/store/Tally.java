package outpost.edge.store;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** Counts per collection of what a sync step did: new, updated, deleted, failed, skipped, conflicts. */
public final class Tally {
  /** The kinds of count of a run (docs/rest-api.md), in JSON order. */
  public enum Kind { NEW, UPDATED, DELETED, FAILED, SKIPPED, CONFLICTS }

  private final Map<String, long[]> byCollection = new TreeMap<>();

  public void add(String collection, Kind kind) {
    byCollection.computeIfAbsent(collection, c -> new long[Kind.values().length])[kind.ordinal()]++;
  }

  public void addAll(Tally other) {
    other.byCollection.forEach((c, counts) -> {
      long[] mine = byCollection.computeIfAbsent(c, k -> new long[Kind.values().length]);
      for (int i = 0; i < counts.length; i++) {
        mine[i] += counts[i];
      }
    });
  }

  public long total(Kind kind) {
    return byCollection.values().stream().mapToLong(c -> c[kind.ordinal()]).sum();
  }

  public long total() {
    return byCollection.values().stream().mapToLong(c -> java.util.Arrays.stream(c).sum()).sum();
  }

  public Map<String, long[]> byCollection() {
    return byCollection;
  }

  /** One count object of the RUN JSON for a collection. */
  public static JsonObject toJson(String hub, String collection, String operation, long[] counts) {
    JsonObject json = new JsonObject().put("hub", hub).put("collection", collection).put("operation", operation);
    for (Kind kind : Kind.values()) {
      json.put(kind.name().toLowerCase(java.util.Locale.ROOT), counts[kind.ordinal()]);
    }
    return json;
  }
}
