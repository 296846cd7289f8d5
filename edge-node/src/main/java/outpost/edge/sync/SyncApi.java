package outpost.edge.sync;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import outpost.edge.run.RunResult;
import outpost.edge.schedule.ScheduleStatus;

/**
 * What the web layer, the embedding API and the metrics see of a node's sync side: typed runs
 * ({@link RunResult}); the web layer writes them as RUN JSON with {@code outpost.edge.run.RunJson}. Runs start
 * only through the scheduler; from outside only as a manual request.
 */
public interface SyncApi {

  /**
   * Sync now: starts a manual run unless one is going; answers the id of the run that will carry the request
   * (the running one when requests coalesce; during an automatic retry, a manual run queued right after it).
   */
  Future<String> requestManual();

  /** Completes when the run with this id has finished, with its result (with detail). */
  Future<RunResult> finished(String syncId);

  /** The running run's live state, if any. */
  Optional<RunResult> current();

  /** Registers a listener for live snapshots (called on progress and at the end, on the sync thread). */
  void onProgress(Consumer<RunResult> listener);

  /** Finished runs without their detail, newest first, filtered as GET /api/sync/runs says. */
  Future<List<RunResult>> runs(RunQuery query);

  /** One run with its config and items, or empty. */
  Future<Optional<RunResult>> run(String syncId);

  /** Changes waiting per hub. */
  Map<String, Long> pending();

  /** The scheduler's state: next due time, the next retry and why. */
  ScheduleStatus schedule();

  /** The query of GET /api/sync/runs (nulls mean no filter). {@code q} matches a sync id or a record id. */
  record RunQuery(Instant from, Instant to, String status, String collection, String operation, String q,
      int limit) {

    /** The newest {@code limit} runs, with {@code status} (null: any). */
    public static RunQuery latest(String status, int limit) {
      return new RunQuery(null, null, status, null, null, null, limit);
    }
  }
}
