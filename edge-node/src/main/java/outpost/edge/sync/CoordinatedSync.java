package outpost.edge.sync;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.edge.run.RunResult;
import outpost.edge.schedule.RunOutcome;
import outpost.edge.schedule.RunRequest;
import outpost.edge.schedule.ScheduleConfig;
import outpost.edge.schedule.ScheduleStatus;
import outpost.edge.schedule.SyncCoordinator;
import outpost.edge.schedule.SyncLauncher;
import outpost.edge.schedule.Timers;

/**
 * A node's sync side, the one {@link SyncApi}: every run, whatever its trigger, starts through the
 * {@link SyncCoordinator} (one at a time, coalescing, retries with their own trigger), which is the only caller
 * of the {@link SyncEngine} runner. When a run ends with a connection failure, a {@link ReachabilityProbe}
 * watches the hubs and reports the link's return as a reconnect trigger.
 */
public final class CoordinatedSync implements SyncApi, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatedSync.class);
  private static final int DEFAULT_RUNS = 100;

  private final SyncEngine engine;
  private final SyncCoordinator coordinator;
  private final ReachabilityProbe probe;
  /** Runs launched and not yet finished, by id: {@link #finished} answers them without the history. */
  private final Map<String, Future<RunResult>> live = new ConcurrentHashMap<>();

  public CoordinatedSync(SyncEngine engine, ScheduleConfig schedule, Timers timers) {
    this.engine = engine;
    this.coordinator = new SyncCoordinator(schedule, new SyncLauncher() {
      @Override
      public Future<RunOutcome> launch(RunRequest request) {
        return CoordinatedSync.this.launch(request);
      }

      @Override
      public void requestStop(String syncId) {
        engine.requestStop(syncId);
      }
    }, timers);
    this.probe = new ReachabilityProbe(engine.hubs(), engine.site(), () -> coordinator.hubReachable());
  }

  private Future<RunOutcome> launch(RunRequest request) {
    Future<RunResult> run = engine.run(request);
    live.put(request.syncId(), run);
    run.onComplete(ar -> live.remove(request.syncId()));
    return run.map(result -> {
      RunOutcome outcome = result.outcome();
      if (outcome.connectionFailure()) {
        probe.watch();
      }
      return outcome;
    });
  }

  /** Starts the schedule and the start-up run. */
  public Future<String> startScheduling() {
    return coordinator.start();
  }

  /** Tells the scheduler that a local write was committed (debounced change trigger). */
  public void localWrite() {
    coordinator.localWrite();
  }

  /** Applies a changed schedule to the running scheduler; answers the next due time under it. */
  public Future<Instant> reschedule(ScheduleConfig next) {
    return coordinator.reschedule(next);
  }

  @Override
  public ScheduleStatus schedule() {
    return coordinator.status();
  }

  @Override
  public Future<String> requestManual() {
    return coordinator.requestManual();
  }

  @Override
  public Future<RunResult> finished(String syncId) {
    Future<RunResult> running = live.get(syncId);
    if (running != null) {
      return running;
    }
    // A manual run queued behind a retry is not launched yet: wait for its start, then for its end.
    return coordinator.whenStarted(syncId).compose(started -> {
      Future<RunResult> launched = live.get(syncId);
      return launched != null ? launched : engine.history().get(syncId).compose(run -> run
          .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture("unknown sync id " + syncId)));
    });
  }

  @Override
  public Optional<RunResult> current() {
    return engine.current();
  }

  @Override
  public void onProgress(Consumer<RunResult> listener) {
    engine.onProgress(listener);
  }

  @Override
  public Future<List<RunResult>> runs(RunQuery query) {
    return engine.history().query(run -> RunFilter.matches(run, query),
        query.limit() <= 0 ? DEFAULT_RUNS : query.limit()).map(list -> list.stream().map(RunResult::summary).toList());
  }

  @Override
  public Future<Optional<RunResult>> run(String syncId) {
    return engine.history().get(syncId);
  }

  @Override
  public Map<String, Long> pending() {
    return engine.pending();
  }

  /**
   * For a node shutdown: stops the coordinator (no new runs; the running run is asked to stop at its next batch
   * boundary) and waits for that run to end, then shuts the engine down ({@link SyncEngine#shutdown}), both
   * within {@link SyncEngine#SHUTDOWN_GRACE}. Blocks: never call it on an event loop.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + SyncEngine.SHUTDOWN_GRACE.toNanos();
    try {
      // Not Future.await: a node stops on a Vert.x worker thread, where Vert.x refuses it.
      coordinator.stop().toCompletionStage().toCompletableFuture()
          .get(SyncEngine.SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("the running sync run did not stop within {} s", SyncEngine.SHUTDOWN_GRACE.toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while the sync scheduler stopped");
    } catch (ExecutionException | RuntimeException e) {
      LOG.warn("the sync scheduler did not stop cleanly", e);
    }
    // Ends the sync thread; interrupts it as a last resort when the grace is spent.
    if (!engine.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
      LOG.warn("the sync thread did not end; the store closes under it");
    }
    // Last: a run that stopped on a connection failure has set the probe watching.
    probe.close();
  }
}
