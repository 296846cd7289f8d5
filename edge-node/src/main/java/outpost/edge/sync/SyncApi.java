package outpost.edge.sync;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the web layer and the scheduler see of the sync engine. RUN objects are JSON in the shape of
 * design.md §6: {id, trigger, status, startedAt, finishedAt, dueAt, hubs: [{name, status, error, steps}],
 * counts: [...], notes: [...]}.
 */
public interface SyncApi {

  /**
   * Starts a run unless one is going; answers the id of the run that will carry the request (the
   * running one when requests coalesce). {@code trigger}: manual, schedule, change, reconnect, startup.
   */
  Future<String> start(String trigger, Instant dueAt);

  /** Completes when the run with this id has finished, with its final RUN JSON. */
  Future<JsonObject> finished(String syncId);

  /** The running run's live RUN JSON, if any. */
  Optional<JsonObject> current();

  /** Registers a listener for live RUN JSON snapshots (called on progress and at the end). */
  void onProgress(Consumer<JsonObject> listener);

  /** Finished runs, newest first, filtered as GET /api/sync/runs says (nulls mean no filter). */
  Future<List<JsonObject>> runs(RunQuery query);

  /** One run with its config and items, or empty. */
  Future<Optional<JsonObject>> run(String syncId);

  /** Changes waiting per hub. */
  JsonObject pending();

  /** The query of GET /api/sync/runs. {@code q} matches a sync id or a record id. */
  record RunQuery(Instant from, Instant to, String status, String collection, String operation, String q,
      int limit) {}
}
