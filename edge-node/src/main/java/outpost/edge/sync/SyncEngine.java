package outpost.edge.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
import outpost.edge.store.EdgeStore;
import outpost.edge.store.RunHistory;

/**
 * Runs sync cycles: one at a time, each on the "outpost-sync" thread, hubs one after another so that
 * one hub's failure never stops the others. Requests during a run coalesce into it.
 */
public final class SyncEngine implements SyncApi, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
  /** How long a stopping node waits for the running run to reach a batch boundary. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

  private final Vertx vertx;
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
  private final List<Consumer<JsonObject>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Promise<JsonObject>> waiting = new HashMap<>();
  private RunTracker current;
  private boolean closing;

  public SyncEngine(Vertx vertx, EdgeStore store, String site, List<HubTarget> hubs, JsonObject maskedConfig,
      int protocolVersion) {
    this.vertx = vertx;
    this.store = store;
    this.history = new RunHistory(store);
    this.site = site;
    this.hubs = List.copyOf(hubs);
    this.maskedConfig = maskedConfig;
    this.protocolVersion = protocolVersion;
  }

  public SyncEngine(Vertx vertx, EdgeStore store, String site, List<HubTarget> hubs, JsonObject maskedConfig) {
    this(vertx, store, site, hubs, maskedConfig, HubLink.PROTOCOL_VERSION);
  }

  @Override
  public synchronized Future<String> start(String trigger, Instant dueAt) {
    if (closing) {
      return Future.failedFuture(stoppingEngine());
    }
    if (current != null) {
      return Future.succeededFuture(current.id());
    }
    String id = UUID.randomUUID().toString();
    run(id, trigger, dueAt);
    return Future.succeededFuture(id);
  }

  /**
   * Runs one cycle under the given id (the scheduler chooses ids) and completes with the final RUN
   * JSON. While a run is going, answers that run's outcome instead: runs never overlap.
   */
  public synchronized Future<JsonObject> run(String id, String trigger, Instant dueAt) {
    if (closing) {
      return Future.failedFuture(stoppingEngine());
    }
    if (current != null) {
      return finished(current.id());
    }
    RunTracker run = new RunTracker(id, trigger, dueAt, Instant.now(), maskedConfig,
        hubs.stream().map(HubTarget::name).toList(), this::publish);
    current = run;
    Future<JsonObject> done = waiting.computeIfAbsent(id, k -> Promise.promise()).future();
    thread.execute(() -> execute(run));
    return done;
  }

  /** The hubs this engine syncs with. */
  public List<HubTarget> hubs() {
    return hubs;
  }

  public String site() {
    return site;
  }

  private void execute(RunTracker run) {
    long started = System.nanoTime();
    JsonObject result;
    try {
      for (HubTarget hub : hubs) {
        if (run.stopRequested()) {
          run.fail(hub.name(), "push", RunTracker.stopping()); // not started: shown failed, not complete
        } else {
          new HubCycle(store, hub, site, run, protocolVersion).run();
        }
      }
    } catch (RuntimeException e) {
      LOG.error("sync {} failed unexpectedly", run.id(), e);
      run.note("internal error: " + e);
    } finally {
      // A last-resort interrupt (see shutdown) must not stop the run's record from being saved.
      boolean interrupted = Thread.interrupted();
      if (interrupted) {
        run.note("the sync thread was interrupted while the node stopped");
      }
      result = run.finish();
      List<String> collections = new ArrayList<>();
      result.getJsonArray("counts").forEach(c -> collections.add(((JsonObject) c).getString("collection")));
      try {
        Await.result(history.save(result, collections.stream().distinct().toList()));
      } catch (RuntimeException e) {
        LOG.error("could not save run {}", run.id(), e);
      }
      // One line per run; WARN unless COMPLETE, so that a failing site shows in a WARN-level log filter.
      LOG.atLevel("COMPLETE".equals(result.getString("status")) ? Level.INFO : Level.WARN)
          .log("sync {} trigger={} status={} hubs={} counts={} durationMs={}", run.id(),
          result.getString("trigger"), result.getString("status"), summary(result),
          result.getJsonArray("counts").encode(), (System.nanoTime() - started) / 1_000_000);
      Promise<JsonObject> promise;
      synchronized (this) {
        current = null;
        promise = waiting.remove(run.id());
      }
      if (promise != null) {
        promise.tryComplete(result);
      }
    }
  }

  private static String summary(JsonObject run) {
    StringBuilder out = new StringBuilder();
    run.getJsonArray("hubs").forEach(h -> {
      JsonObject hub = (JsonObject) h;
      out.append(hub.getString("name")).append('=').append(hub.getString("status"));
      JsonObject error = hub.getJsonObject("error");
      if (error != null) {
        out.append('(').append(error.getString("code")).append(')');
      }
      out.append(' ');
    });
    return out.toString().trim();
  }

  private void publish(JsonObject snapshot) {
    for (Consumer<JsonObject> l : listeners) {
      try {
        l.accept(snapshot);
      } catch (RuntimeException e) {
        LOG.warn("progress listener failed", e);
      }
    }
  }

  @Override
  public Future<JsonObject> finished(String syncId) {
    synchronized (this) {
      if (current != null && current.id().equals(syncId)) {
        return waiting.computeIfAbsent(syncId, k -> Promise.promise()).future();
      }
    }
    return history.get(syncId).compose(run -> run.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture("unknown sync id " + syncId)));
  }

  @Override
  public synchronized Optional<JsonObject> current() {
    return current == null ? Optional.empty() : Optional.of(current.snapshot(false));
  }

  @Override
  public void onProgress(Consumer<JsonObject> listener) {
    listeners.add(listener);
  }

  @Override
  public Future<List<JsonObject>> runs(RunQuery query) {
    return history.query(run -> RunFilter.matches(run, query), query.limit() <= 0 ? 100 : query.limit());
  }

  @Override
  public Future<Optional<JsonObject>> run(String syncId) {
    return history.get(syncId);
  }

  @Override
  public JsonObject pending() {
    JsonObject out = new JsonObject();
    hubs.forEach(h -> out.put(h.name(), store.pending(h.name())));
    return out;
  }

  public RunHistory history() {
    return history;
  }

  public Vertx vertx() {
    return vertx;
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
    synchronized (this) {
      closing = true;
      if (current != null) {
        LOG.info("stopping: sync {} will stop after its current batch", current.id());
        current.requestStop();
      }
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
