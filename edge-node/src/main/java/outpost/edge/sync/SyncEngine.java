package outpost.edge.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.run.RunJson;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.run.Step;
import outpost.edge.schedule.RunRequest;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.RunHistory;

/**
 * The runner: runs the sync cycle a {@link RunRequest} asks for on the "outpost-sync" thread, hubs one after
 * another so that one hub's failure never stops the others, saves the result in the run history and answers
 * it. It decides nothing about when runs start: in a node the {@code SyncCoordinator} is its only caller (one
 * run at a time, coalescing, retries). Requests that arrive anyway while a run goes wait for it on the thread.
 */
public final class SyncEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
  /** How long a stopping node waits for the running run to reach a batch boundary. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

  private final EdgeStore store;
  private final RunHistory history;
  private final String site;
  private final List<HubTarget> hubs;
  private final JsonObject maskedConfig;
  private final int protocolVersion;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "outpost-sync");
    t.setDaemon(true);
    return t;
  });
  private final RunReporter reports;
  private final List<Consumer<RunResult>> listeners = new CopyOnWriteArrayList<>();
  private final long firstBackoffMillis;
  private volatile RunTracker current;
  /** The run the owner asked to stop, which may still wait for the sync thread when asked. */
  private volatile String stopAskedFor;
  private volatile boolean closing;

  public SyncEngine(EdgeStore store, String site, List<HubTarget> hubs, JsonObject maskedConfig,
      int protocolVersion) {
    this(store, site, hubs, maskedConfig, protocolVersion, HubCycle.FIRST_BACKOFF_MILLIS);
  }

  /** With the hub cycles' first backoff of the caller's choosing: a test makes it long to stop a run inside it. */
  SyncEngine(EdgeStore store, String site, List<HubTarget> hubs, JsonObject maskedConfig, int protocolVersion,
      long firstBackoffMillis) {
    this.firstBackoffMillis = firstBackoffMillis;
    this.store = store;
    this.history = new RunHistory(store);
    this.site = site;
    this.hubs = List.copyOf(hubs);
    this.maskedConfig = maskedConfig;
    this.protocolVersion = protocolVersion;
    this.reports = new RunReporter(store, site, protocolVersion);
  }

  public SyncEngine(EdgeStore store, String site, List<HubTarget> hubs, JsonObject maskedConfig) {
    this(store, site, hubs, maskedConfig, HubLink.PROTOCOL_VERSION);
  }

  /** Runs one cycle for the request and completes with its result once it is saved in the history. */
  public Future<RunResult> run(RunRequest request) {
    if (closing) {
      return Future.failedFuture(stoppingEngine());
    }
    Promise<RunResult> done = Promise.promise();
    try {
      thread.execute(() -> {
        List<HubTarget> reached = new ArrayList<>();
        RunResult result = execute(request, reached);
        done.complete(result);
        // After the result is answered, so that telling the hubs never holds the run (nor a stopping node).
        reports.reportAll(result, reached, !closing);
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return Future.failedFuture(stoppingEngine());
    }
    return done.future();
  }

  /** The hubs this engine syncs with. */
  public List<HubTarget> hubs() {
    return hubs;
  }

  public String site() {
    return site;
  }

  private RunResult execute(RunRequest request, List<HubTarget> reached) {
    long started = System.nanoTime();
    RunTracker run = new RunTracker(request, Instant.now(), maskedConfig, hubStarts(), this::publish);
    current = run;
    if (run.id().equals(stopAskedFor)) {
      run.requestStop(); // asked while it waited for the thread
    }
    RunResult result;
    try {
      for (HubTarget hub : hubs) {
        if (run.stopRequested() || closing) {
          run.fail(hub.name(), Step.PUSH, RunTracker.stopping()); // not started: shown failed, not complete
        } else {
          HubCycle cycle = new HubCycle(store, hub, site, run, protocolVersion, reports, firstBackoffMillis);
          cycle.run();
          if (cycle.greeted()) {
            reached.add(hub);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error("sync {} failed unexpectedly", run.id(), e);
      run.note("internal error: " + e);
    } finally {
      // A last-resort interrupt (see shutdown) must not stop the run's record from being saved.
      if (Thread.interrupted()) {
        run.note("the sync thread was interrupted while the node stopped");
      }
    }
    result = run.finish();
    try {
      Await.result(history.save(result));
    } catch (RuntimeException e) {
      LOG.error("could not save run {}", run.id(), e);
    }
    // One line per run; WARN unless COMPLETE, so that a failing site shows in a WARN-level log filter.
    LOG.atLevel(result.status() == RunStatus.COMPLETE ? Level.INFO : Level.WARN)
        .log("sync {} trigger={} status={} hubs={} counts={} durationMs={}", run.id(), result.trigger().jsonName(),
            result.status(), summary(result), RunJson.toJson(result.summary()).getJsonArray("counts").encode(),
            (System.nanoTime() - started) / 1_000_000);
    current = null;
    return result;
  }

  /**
   * Each hub with its queue and the collections a failure to reach it would fail: its configured ones, or
   * for a hub that takes every other collection, those this node knows (learnt rules, earlier runs).
   */
  private List<RunTracker.HubStart> hubStarts() {
    Set<String> known = new LinkedHashSet<>(store.rules().rules().keySet());
    try {
      known.addAll(Await.result(history.collectionNames()));
    } catch (RuntimeException e) {
      LOG.warn("could not read the collections of earlier runs", e);
    }
    List<RunTracker.HubStart> out = new ArrayList<>();
    for (HubTarget hub : hubs) {
      List<String> routed = !hub.collections().isEmpty() ? hub.collections()
          : known.stream().filter(c -> !hub.otherHubsCollections().contains(c)).toList();
      out.add(new RunTracker.HubStart(hub.name(), store.pending(hub.name()), routed));
    }
    return out;
  }

  private static String summary(RunResult run) {
    StringBuilder out = new StringBuilder();
    run.hubs().forEach(hub -> {
      out.append(hub.name()).append('=').append(hub.status());
      if (hub.error() != null) {
        out.append('(').append(hub.error().code()).append(')');
      }
      out.append(' ');
    });
    return out.toString().trim();
  }

  private void publish(RunResult snapshot) {
    for (Consumer<RunResult> l : listeners) {
      try {
        l.accept(snapshot);
      } catch (RuntimeException e) {
        LOG.warn("progress listener failed", e);
      }
    }
  }

  /** The running run's live state, if any. */
  public Optional<RunResult> current() {
    RunTracker run = current;
    return run == null ? Optional.empty() : Optional.of(run.snapshot(false));
  }

  /** Registers a listener for live snapshots (called on the sync thread, on progress and at the end). */
  public void onProgress(Consumer<RunResult> listener) {
    listeners.add(listener);
  }

  /** Changes waiting per hub, in the config's order. */
  public Map<String, Long> pending() {
    Map<String, Long> out = new LinkedHashMap<>();
    hubs.forEach(h -> out.put(h.name(), store.pending(h.name())));
    return out;
  }

  public RunHistory history() {
    return history;
  }

  /**
   * Asks the run {@code syncId} to stop at its next batch boundary (a backoff it waits in ends at once), whether
   * it runs already or still waits for the sync thread; the engine stays open. Returns at once: the run's
   * future answers when it has ended. A run that has ended already ignores it.
   */
  public void requestStop(String syncId) {
    LOG.info("stopping: sync {} will stop after its current batch", syncId);
    stopAskedFor = syncId;
    RunTracker run = current;
    if (run != null && run.id().equals(syncId)) {
      run.requestStop();
    }
  }

  /**
   * Stops the engine for a node shutdown: refuses new runs, asks the running run (if any) to stop at its
   * next batch boundary (a batch in flight is acknowledged and applied first; nothing is half-applied),
   * and waits up to {@code grace} for the sync thread to end. Only then may the store close. If the
   * thread has not ended by then it is interrupted as a last resort. Blocks: never call it on an event loop.
   *
   * @return whether the sync thread ended
   */
  public boolean shutdown(Duration grace) {
    closing = true;
    RunTracker run = current;
    if (run != null) {
      LOG.info("stopping: sync {} will stop after its current batch", run.id());
      run.requestStop();
    }
    thread.shutdown();
    try {
      if (thread.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      LOG.warn("sync thread still busy after {} s; interrupting it", grace.toSeconds());
      thread.shutdownNow();
      return thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
      return false;
    }
  }

  /** {@link #shutdown(Duration)} with {@link #SHUTDOWN_GRACE}. */
  @Override
  public void close() {
    if (!shutdown(SHUTDOWN_GRACE)) {
      LOG.warn("the sync thread did not end; the store closes under it");
    }
  }

  private static OutpostException stoppingEngine() {
    return new OutpostException(ErrorCode.INTERNAL_ERROR, "the edge node is shutting down: no new sync runs");
  }
}
