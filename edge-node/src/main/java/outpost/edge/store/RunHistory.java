package outpost.edge.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import outpost.edge.run.CollectionOutcome;
import outpost.edge.run.RunJson;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.store.impl.EdgeMaps;
import outpost.edge.store.impl.PendingCounts;

/**
 * Finished sync runs, kept for a configurable number of days as RUN JSON (the history boundary, written and
 * read by {@link RunJson}), and each collection's sync status: its status, latest sync and last success come
 * from that collection's own outcome in each run, and a run that did not touch it leaves it as it was.
 */
public final class RunHistory {
  private final EdgeStore store;

  public RunHistory(EdgeStore store) {
    this.store = store;
  }

  private static String key(RunResult run) {
    return String.format("%020d/%s", run.startedAt().toEpochMilli(), run.id());
  }

  /** Saves a finished run and the status of each collection it touched, in one commit. */
  public Future<Void> save(RunResult run) {
    return store.write(() -> {
      EdgeMaps maps = store.maps();
      String key = key(run);
      maps.runs.put(key, RunJson.toJson(run).encode());
      maps.runIndex.put(run.id(), key);
      String finished = run.finishedAt() == null ? null : run.finishedAt().toString();
      for (CollectionOutcome c : run.collections()) {
        JsonObject status = Optional.ofNullable(maps.collections.get(c.collection())).map(JsonObject::new)
            .orElse(new JsonObject().put("collection", c.collection()));
        status.put("currentStatus", c.status().json()).put("latestSyncId", run.id()).put("latestSyncAt", finished);
        if (c.status() == RunStatus.COMPLETE) {
          status.put("lastSuccessfulSync", finished).put("latestSuccessfulSyncId", run.id());
        }
        maps.collections.put(c.collection(), status.encode());
      }
      return null;
    });
  }

  /** Runs newest first that pass the filter, at most {@code limit}. */
  public Future<List<RunResult>> query(Predicate<RunResult> filter, int limit) {
    return store.worker().read(() -> {
      List<RunResult> out = new ArrayList<>();
      var it = store.maps().runs.cursor(null, null, true);
      while (it.hasNext() && out.size() < limit) {
        it.next();
        RunResult run = RunJson.fromJson(new JsonObject(it.getValue()));
        if (filter.test(run)) {
          out.add(run);
        }
      }
      return out;
    });
  }

  public Future<Optional<RunResult>> get(String id) {
    return store.worker().read(() -> Optional.ofNullable(store.maps().runIndex.get(id))
        .map(k -> store.maps().runs.get(k)).map(JsonObject::new).map(RunJson::fromJson));
  }

  /** The names of the collections some run has touched. */
  public Future<List<String>> collectionNames() {
    return store.worker().read(() -> new ArrayList<>(store.maps().collections.keySet()));
  }

  /**
   * Each collection's sync status (docs/rest-api.md, GET /api/collections) with {@code pending}: its own changes
   * waiting to be pushed, counted in the logs of {@code hubs}.
   */
  public Future<JsonArray> collections(List<String> hubs) {
    return store.worker().read(() -> {
      Map<String, Long> pending = new HashMap<>();
      for (String hub : hubs) {
        store.pendingByCollection(hub).forEach((c, n) -> pending.merge(c, n, Long::sum));
      }
      // An entry whose collection cannot be read belongs to no collection here; the next push sets it aside.
      pending.remove(PendingCounts.UNREADABLE);
      JsonArray out = new JsonArray();
      store.maps().collections.forEach((c, v) -> out.add(new JsonObject(v)));
      pending.forEach((c, n) -> {
        if (!store.maps().collections.containsKey(c)) {
          out.add(new JsonObject().put("collection", c));
        }
      });
      out.forEach(o -> ((JsonObject) o).put("pending", pending.getOrDefault(((JsonObject) o).getString("collection"), 0L)));
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
