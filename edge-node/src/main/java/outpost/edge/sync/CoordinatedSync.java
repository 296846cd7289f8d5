package outpost.edge.sync;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import outpost.edge.schedule.RunOutcome;
import outpost.edge.schedule.ScheduleConfig;
import outpost.edge.schedule.SyncCoordinator;
import outpost.edge.schedule.SyncLauncher;
import outpost.edge.schedule.Timers;
import outpost.edge.schedule.Trigger;

/**
 * The sync engine behind the scheduler: every run, whatever its trigger, starts through the
 * {@link SyncCoordinator} (one at a time, coalescing, backoff), and the engine runs it. When a run ends
 * with a connection failure, a {@link ReachabilityProbe} watches the hubs and reports the link's return
 * as a reconnect trigger.
 */
public final class CoordinatedSync implements SyncApi, AutoCloseable {
  private final SyncEngine engine;
  private final SyncCoordinator coordinator;
  private final ReachabilityProbe probe;

  public CoordinatedSync(SyncEngine engine, ScheduleConfig schedule, Timers timers) {
    this.engine = engine;
    SyncLauncher launcher = (id, trigger, dueAt) -> engine.run(id, trigger.jsonName(), dueAt).map(this::outcome);
    this.coordinator = new SyncCoordinator(schedule, launcher, timers);
    this.probe = new ReachabilityProbe(engine.hubs(), engine.site(), () -> coordinator.hubReachable());
  }

  private RunOutcome outcome(JsonObject run) {
    JsonArray hubs = run.getJsonArray("hubs");
    boolean anyFailed = false;
    boolean connection = false;
    for (Object h : hubs) {
      JsonObject hub = (JsonObject) h;
      if ("FAILED".equals(hub.getString("status"))) {
        anyFailed = true;
        JsonObject error = hub.getJsonObject("error");
        connection |= error != null && ("CONNECTION_ERROR".equals(error.getString("code"))
            || "TIMEOUT".equals(error.getString("code")));
      }
    }
    if (connection) {
      probe.watch();
    }
    // PARTIAL caused only by rejected or conflicted items is a success for retry purposes: a retry
    // cannot change a person's decision that is pending.
    return new RunOutcome(run.getString("id"), !anyFailed, connection);
  }

  /** Starts the schedule and the start-up run. */
  public Future<String> startScheduling() {
    return coordinator.start();
  }

  /** Tells the scheduler that a local write was committed (debounced change trigger). */
  public void localWrite() {
    coordinator.localWrite();
  }

  public SyncCoordinator coordinator() {
    return coordinator;
  }

  public Instant nextDue() {
    return coordinator.status().nextDue();
  }

  @Override
  public Future<String> start(String trigger, Instant dueAt) {
    return coordinator.requestManual();
  }

  @Override
  public Future<JsonObject> finished(String syncId) {
    return engine.finished(syncId);
  }

  @Override
  public Optional<JsonObject> current() {
    return engine.current();
  }

  @Override
  public void onProgress(Consumer<JsonObject> listener) {
    engine.onProgress(listener);
  }

  @Override
  public Future<List<JsonObject>> runs(RunQuery query) {
    return engine.runs(query);
  }

  @Override
  public Future<Optional<JsonObject>> run(String syncId) {
    return engine.run(syncId);
  }

  @Override
  public JsonObject pending() {
    return engine.pending();
  }

  /** Stops scheduling; completes when the running run (if any) has ended. */
  public Future<Void> stop() {
    probe.close();
    return coordinator.stop();
  }

  /**
   * For a node shutdown: stops the schedule (no new runs), lets the running run stop at its next batch
   * boundary and waits for the sync thread to end (see {@link SyncEngine#shutdown}). Blocks.
   */
  @Override
  public void close() {
    probe.close();
    coordinator.stop(); // cancels timers and retries on the node's context; completes when the run ends
    engine.close();
  }

  static Trigger trigger(String name) {
    return Trigger.fromJson(name);
  }
}
