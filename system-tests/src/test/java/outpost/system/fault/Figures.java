package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** Counters of one simulation (faults by kind, writes, checks), printed and appended to a results file. */
final class Figures {
  private final Map<String, Long> counts = new TreeMap<>();

  synchronized void add(String name, long n) {
    counts.merge(name, n, Long::sum);
  }

  void inc(String name) {
    add(name, 1);
  }

  synchronized long get(String name) {
    return counts.getOrDefault(name, 0L);
  }

  synchronized JsonObject toJson() {
    JsonObject json = new JsonObject();
    counts.forEach(json::put);
    return json;
  }

  @Override
  public synchronized String toString() {
    StringBuilder out = new StringBuilder();
    counts.forEach((k, v) -> out.append(k).append('=').append(v).append(' '));
    return out.toString().trim();
  }
}
