package outpost.edge.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import outpost.common.error.ErrorCode;
import outpost.edge.schedule.Trigger;

/**
 * RUN JSON (docs/rest-api.md): the one place that writes a {@link RunResult} as JSON and reads it back, for the
 * run history, the REST routes and the server-sent events.
 */
public final class RunJson {
  private RunJson() {}

  /** The run with its detail (config, items) when it has any. */
  public static JsonObject toJson(RunResult run) {
    JsonObject json = new JsonObject().put("id", run.id()).put("trigger", run.trigger().jsonName())
        .put("status", run.status().json()).put("startedAt", text(run.startedAt()))
        .put("startedAtMillis", run.startedAt().toEpochMilli()).put("finishedAt", text(run.finishedAt()))
        .put("dueAt", text(run.dueAt())).put("hubs", array(run.hubs(), RunJson::hub))
        .put("counts", array(run.counts(), RunJson::count)).put("notes", new JsonArray(new ArrayList<>(run.notes())))
        .put("collections", array(run.collections(), c -> new JsonObject().put("collection", c.collection())
            .put("hub", c.hub()).put("status", c.status().json())));
    if (run.config() != null) {
      json.put("config", run.config()).put("items", array(run.items(), RunJson::item));
    }
    return json;
  }

  public static JsonObject hub(HubResult h) {
    return new JsonObject().put("name", h.name()).put("status", h.status().json()).put("error", error(h.error()))
        .put("steps", array(h.steps(), s -> new JsonObject().put("name", s.step().json()).put("state", s.state().json())
            .put("done", s.done()).put("total", s.total()).put("startedAt", text(s.startedAt()))
            .put("finishedAt", text(s.finishedAt())).put("error", error(s.error()))))
        .put("pendingAtStart", h.pendingAtStart());
  }

  public static JsonObject count(Count c) {
    JsonObject json = new JsonObject().put("hub", c.hub()).put("collection", c.collection())
        .put("operation", c.operation());
    long[] values = c.values();
    for (int i = 0; i < values.length; i++) {
      json.put(Count.KINDS.get(i), values[i]);
    }
    return json;
  }

  public static JsonObject item(RunItem i) {
    return new JsonObject().put("hub", i.hub()).put("collection", i.collection()).put("id", i.id())
        .put("operation", i.operation()).put("status", i.status()).put("code", i.code()).put("message", i.message());
  }

  public static JsonObject error(RunError e) {
    return e == null ? null : new JsonObject().put("code", e.code().name()).put("message", e.message())
        .put("hint", e.hint());
  }

  /** Reads RUN JSON written by {@link #toJson} (or by earlier versions, which had no collections). */
  public static RunResult fromJson(JsonObject j) {
    List<HubResult> hubs = list(j.getJsonArray("hubs"), h -> new HubResult(h.getString("name"),
        RunStatus.fromJson(h.getString("status")), readError(h.getJsonObject("error")),
        list(h.getJsonArray("steps"), s -> new StepResult(Step.fromJson(s.getString("name")),
            RunStatus.fromJson(s.getString("state")), s.getLong("done", 0L), s.getLong("total", 0L),
            instant(s.getString("startedAt")), instant(s.getString("finishedAt")), readError(s.getJsonObject("error")))),
        h.getLong("pendingAtStart", 0L)));
    List<Count> counts = list(j.getJsonArray("counts"), c -> {
      long[] v = new long[Count.KINDS.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = c.getLong(Count.KINDS.get(i), 0L);
      }
      return Count.of(c.getString("hub"), c.getString("collection"), c.getString("operation"), v);
    });
    List<String> notes = new ArrayList<>();
    j.getJsonArray("notes", new JsonArray()).forEach(n -> notes.add(String.valueOf(n)));
    List<CollectionOutcome> collections = list(j.getJsonArray("collections"), c -> new CollectionOutcome(
        c.getString("collection"), c.getString("hub"), RunStatus.fromJson(c.getString("status"))));
    List<RunItem> items = list(j.getJsonArray("items"), i -> new RunItem(i.getString("hub"), i.getString("collection"),
        i.getString("id"), i.getString("operation"), i.getString("status"), i.getString("code"), i.getString("message")));
    return new RunResult(j.getString("id"), Trigger.fromJson(j.getString("trigger")),
        RunStatus.fromJson(j.getString("status")), instant(j.getString("startedAt")), instant(j.getString("finishedAt")),
        instant(j.getString("dueAt")), hubs, counts, notes, collections, j.getJsonObject("config"), items);
  }

  private static RunError readError(JsonObject e) {
    if (e == null) {
      return null;
    }
    ErrorCode code = ErrorCode.parse(e.getString("code"));
    return new RunError(code, e.getString("message"), e.getString("hint", code.hint()));
  }

  private static <T> JsonArray array(List<T> values, Function<T, JsonObject> write) {
    JsonArray out = new JsonArray();
    values.forEach(v -> out.add(write.apply(v)));
    return out;
  }

  private static <T> List<T> list(JsonArray array, Function<JsonObject, T> read) {
    List<T> out = new ArrayList<>();
    if (array != null) {
      array.forEach(o -> out.add(read.apply((JsonObject) o)));
    }
    return out;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
