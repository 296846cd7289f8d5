package outpost.edge.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Finished sync runs (RUN JSON), kept for a configurable number of days, and per-collection status. */
public final class RunHistory {
  private final EdgeStore store;

  public RunHistory(EdgeStore store) {
    this.store = store;
  }

  private static String key(JsonObject run) {
    return String.format("%020d/%s", run.getLong("startedAtMillis", 0L), run.getString("id"));
  }

  /** Saves a finished run and the status of the collections it touched, in one commit. */
  public Future<Void> save(JsonObject run, List<String> collections) {
    return store.write(() -> {
      EdgeMaps maps = store.maps();
      String key = key(run);
      maps.runs.put(key, run.encode());
      maps.runIndex.put(run.getString("id"), key);
      boolean ok = "COMPLETE".equals(run.getString("status"));
      for (String c : collections) {
        JsonObject status = Optional.ofNullable(maps.collections.get(c)).map(JsonObject::new)
            .orElse(new JsonObject().put("collection", c));
        status.put("currentStatus", run.getString("status")).put("latestSyncId", run.getString("id"));
        if (ok) {
          status.put("lastSuccessfulSync", run.getString("finishedAt"))
              .put("latestSuccessfulSyncId", run.getString("id"));
        }
        maps.collections.put(c, status.encode());
      }
      return null;
    });
  }

  /** Runs newest first that pass the filter, at most {@code limit}. */
  public Future<List<JsonObject>> query(Predicate<JsonObject> filter, int limit) {
    return store.worker().read(() -> {
      List<JsonObject> out = new ArrayList<>();
      var it = store.maps().runs.cursor(null, null, true);
      while (it.hasNext() && out.size() < limit) {
        it.next();
        JsonObject run = new JsonObject(it.getValue());
        if (filter.test(run)) {
          out.add(run);
        }
      }
      return out;
    });
  }

  public Future<Optional<JsonObject>> get(String id) {
    return store.worker().read(() -> Optional.ofNullable(store.maps().runIndex.get(id))
        .map(k -> store.maps().runs.get(k)).map(JsonObject::new));
  }

  public Future<JsonArray> collections() {
    return store.worker().read(() -> {
      JsonArray out = new JsonArray();
      store.maps().collections.forEach((c, v) -> out.add(new JsonObject(v)));
      return out;
    });
  }

  /** Removes runs that started before the cut-off; answers how many. */
  public Future<Integer> purge(long beforeMillis) {
    return store.write(() -> {
      EdgeMaps maps = store.maps();
      String limit = String.format("%020d/", beforeMillis);
      List<String> old = new ArrayList<>();
      for (String k : maps.runs.keySet()) {
        if (k.compareTo(limit) >= 0) {
          break;
        }
        old.add(k);
      }
      for (String k : old) {
        maps.runs.remove(k);
        maps.runIndex.remove(k.substring(21));
      }
      return old.size();
    });
  }
}
