package outpost.edge.sync;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import outpost.common.error.OutpostException;
import outpost.edge.store.Tally;

/**
 * The live state of one run, published as RUN JSON. Written by the run's sync thread; snapshots are
 * taken under the object's lock so readers on other threads see a consistent picture.
 */
final class RunTracker {
  static final int MAX_ITEMS = 5_000;
  private final String id;
  private final String trigger;
  private final Instant dueAt;
  private final Instant startedAt;
  private final JsonObject config;
  private final Consumer<JsonObject> publish;
  private final Map<String, JsonObject> hubs = new LinkedHashMap<>();
  private final List<JsonObject> counts = new ArrayList<>();
  private final JsonArray items = new JsonArray();
  private final JsonArray notes = new JsonArray();
  private String status = "RUNNING";
  private volatile boolean stopRequested;
  private Instant finishedAt;
  private long lastPublish;

  RunTracker(String id, String trigger, Instant dueAt, Instant startedAt, JsonObject config,
      List<String> hubNames, Consumer<JsonObject> publish) {
    this.id = id;
    this.trigger = trigger;
    this.dueAt = dueAt;
    this.startedAt = startedAt;
    this.config = config;
    this.publish = publish;
    for (String name : hubNames) {
      JsonArray steps = new JsonArray();
      for (String step : List.of("push", "pull", "integrate")) {
        steps.add(new JsonObject().put("name", step).put("state", "QUEUED").put("done", 0L).put("total", 0L)
            .putNull("startedAt").putNull("finishedAt").putNull("error"));
      }
      hubs.put(name, new JsonObject().put("name", name).put("status", "QUEUED").putNull("error").put("steps", steps));
    }
  }

  String id() {
    return id;
  }

  /** Asks the run to stop at its next batch boundary (the node is shutting down). */
  void requestStop() {
    stopRequested = true;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  /** Throws {@link #stopping()} when a stop was requested: called between batches and steps. */
  void checkStop() {
    if (stopRequested) {
      throw stopping();
    }
  }

  /** The error a run ends with when the node stops under it; the next run resumes from the last ack. */
  static OutpostException stopping() {
    return new OutpostException(outpost.common.error.ErrorCode.INTERNAL_ERROR,
        "the edge node is shutting down: the run stopped after its last acknowledged batch; the next run resumes");
  }

  synchronized void hubStatus(String hub, String value) {
    hubs.get(hub).put("status", value);
    publish(true);
  }

  synchronized void step(String hub, String step, String state, long done, long total) {
    JsonObject s = stepJson(hub, step);
    if ("RUNNING".equals(state) && s.getValue("startedAt") == null) {
      s.put("startedAt", Instant.now().toString());
    }
    if (("COMPLETE".equals(state) || "FAILED".equals(state) || "PARTIAL".equals(state))
        && s.getValue("finishedAt") == null) {
      s.put("finishedAt", Instant.now().toString());
    }
    s.put("state", state).put("done", done).put("total", total);
    publish(!"RUNNING".equals(state));
  }

  synchronized void fail(String hub, String step, OutpostException e) {
    JsonObject error = error(e);
    JsonObject s = stepJson(hub, step);
    s.put("state", "FAILED").put("error", error).put("finishedAt", Instant.now().toString());
    hubs.get(hub).put("status", "FAILED").put("error", error);
    publish(true);
  }

  /**
   * Fails one step of a hub with its error while the hub's cycle goes on (its later steps can still run); the
   * cycle then ends the hub PARTIAL rather than COMPLETE.
   */
  synchronized void failStep(String hub, String step, OutpostException e) {
    JsonObject error = error(e);
    JsonObject s = stepJson(hub, step);
    s.put("state", "FAILED").put("error", error);
    if (s.getValue("finishedAt") == null) {
      s.put("finishedAt", Instant.now().toString());
    }
    hubs.get(hub).put("error", error);
    publish(true);
  }

  static JsonObject error(OutpostException e) {
    return new JsonObject().put("code", e.code().name()).put("message", e.getMessage()).put("hint", e.code().hint());
  }

  synchronized void counts(String hub, String operation, Tally tally) {
    tally.byCollection().forEach((c, n) -> counts.add(Tally.toJson(hub, c, operation, n)));
  }

  synchronized void item(String hub, String collection, String id, String operation, String itemStatus,
      String code, String message) {
    if (items.size() < MAX_ITEMS) {
      items.add(new JsonObject().put("hub", hub).put("collection", collection).put("id", id)
          .put("operation", operation).put("status", itemStatus).put("code", code).put("message", message));
    }
  }

  synchronized void note(String text) {
    notes.add(text);
  }

  synchronized JsonObject finish() {
    finishedAt = Instant.now();
    long failed = hubs.values().stream().filter(h -> "FAILED".equals(h.getString("status"))).count();
    long partial = hubs.values().stream().filter(h -> "PARTIAL".equals(h.getString("status"))).count();
    status = failed == hubs.size() && !hubs.isEmpty() ? "FAILED" : failed + partial > 0 ? "PARTIAL" : "COMPLETE";
    JsonObject run = snapshot(true);
    publish.accept(run);
    return run;
  }

  synchronized JsonObject snapshot(boolean withDetail) {
    JsonArray hubArray = new JsonArray();
    hubs.values().forEach(h -> hubArray.add(h.copy()));
    JsonArray countArray = new JsonArray();
    mergedCounts().forEach(countArray::add);
    JsonObject run = new JsonObject().put("id", id).put("trigger", trigger).put("status", status)
        .put("startedAt", startedAt.toString()).put("startedAtMillis", startedAt.toEpochMilli())
        .put("finishedAt", finishedAt == null ? null : finishedAt.toString())
        .put("dueAt", dueAt == null ? null : dueAt.toString())
        .put("hubs", hubArray).put("counts", countArray).put("notes", notes.copy());
    if (withDetail) {
      run.put("config", config).put("items", items.copy());
    }
    return run;
  }

  /** Counts summed per (hub, collection, operation) across the batches of the run. */
  private List<JsonObject> mergedCounts() {
    Map<String, JsonObject> merged = new LinkedHashMap<>();
    for (JsonObject c : counts) {
      String key = c.getString("hub") + "\0" + c.getString("collection") + "\0" + c.getString("operation");
      JsonObject m = merged.computeIfAbsent(key, k -> c.copy().put("new", 0L).put("updated", 0L)
          .put("deleted", 0L).put("failed", 0L).put("skipped", 0L).put("conflicts", 0L));
      for (String f : List.of("new", "updated", "deleted", "failed", "skipped", "conflicts")) {
        m.put(f, m.getLong(f) + c.getLong(f));
      }
    }
    return new ArrayList<>(merged.values());
  }

  private JsonObject stepJson(String hub, String step) {
    for (Object o : hubs.get(hub).getJsonArray("steps")) {
      JsonObject s = (JsonObject) o;
      if (s.getString("name").equals(step)) {
        return s;
      }
    }
    throw new IllegalArgumentException(step);
  }

  private void publish(boolean force) {
    long now = System.currentTimeMillis();
    if (force || now - lastPublish >= 100) {
      lastPublish = now;
      publish.accept(snapshot(false));
    }
  }
}
