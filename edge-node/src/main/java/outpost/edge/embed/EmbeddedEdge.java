package outpost.edge.embed;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.EdgeNode;
import outpost.edge.config.EdgeConfig;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.LocalRecord;
import outpost.edge.sync.EngineFactory;
import outpost.edge.run.RunJson;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.sync.SyncApi;

/**
 * An edge node running inside an app's JVM (docs/embedding.md). Every method but {@link #close()} returns
 * a {@link Future}; from an app thread, {@code future.await()} waits for it. Futures complete on the node's
 * own threads: a callback must not block them.
 *
 * <p>The node is the same as {@code edge-node.jar serve}: same store file, same scheduler (start-up run,
 * schedule, runs after local writes, backoff), same background store upkeep (runs older than
 * {@code historyDays} removed, the file compacted; every {@code upkeepInterval}), and its REST API, web
 * view, /health and /metrics on {@link #url()} (an embedded node listens on a free loopback port unless told
 * otherwise).
 */
public final class EmbeddedEdge implements AutoCloseable {
  /** How long {@link #close()} waits for the node to stop (the running run stops at a batch boundary). */
  public static final long CLOSE_TIMEOUT_SECONDS = 40;
  private static final long RETRY_MILLIS = 20;

  private final EdgeNode node;

  private EmbeddedEdge(EdgeNode node) {
    this.node = node;
  }

  /** A builder for a node of this site; the rest defaults as in {@code edge.json}, but httpPort is 0 (any). */
  public static Builder builder(String site) {
    return new Builder(site);
  }

  /** Starts a node from a complete config (for apps that read {@code edge.json} themselves). */
  public static Future<EmbeddedEdge> start(EdgeConfig config) {
    return new EdgeNode(config, EngineFactory::create).start().map(EmbeddedEdge::new);
  }

  // ---- records (the same checks as the REST API: names, ids, collection rules learnt from the hubs)

  /** Writes a record (one commit, logged for sync); answers true when it was created. */
  public Future<Boolean> put(String collection, String id, JsonObject data) {
    return store().put(collection, id, data);
  }

  /** Writes many records in one commit, all or nothing; answers how many were written. */
  public Future<Integer> putAll(String collection, Map<String, JsonObject> records) {
    List<EdgeStore.BulkItem> items = new ArrayList<>();
    records.forEach((id, data) -> items.add(new EdgeStore.BulkItem(id, data)));
    return store().putAll(collection, items);
  }

  /** Deletes a record (logged for sync); answers false when there was no live record. */
  public Future<Boolean> delete(String collection, String id) {
    return store().delete(collection, id);
  }

  /**
   * A live record in the shape of {@code GET /api/records/{collection}/{id}}:
   * {@code {collection, id, site, data, sync: {state, version}}}; empty when absent or deleted.
   */
  public Future<Optional<JsonObject>> get(String collection, String id) {
    return store().get(collection, id).map(r -> r.map(LocalRecord::toApiJson));
  }

  // ---- sync

  /**
   * Starts a run now (trigger manual) and answers its id; while a run is going, that run's id (during an automatic
   * retry, the id of a manual run queued right after it).
   */
  public Future<String> syncNow() {
    return sync().requestManual();
  }

  /**
   * Runs a sync that starts after this call and completes with its final RUN JSON: everything written
   * before the call is pushed (when the hubs are reachable). If a run is going, that run cannot be
   * relied on (it may have pushed already), so this waits for it and then starts another.
   */
  public Future<JsonObject> syncAndWait() {
    SyncApi sync = sync();
    String running = sync.current().map(RunResult::id).orElse(null);
    if (running == null) {
      return sync.requestManual().compose(sync::finished).map(RunJson::toJson);
    }
    return sync.finished(running).transform(ignored -> startAfter(sync, running, 100)).compose(sync::finished)
        .map(RunJson::toJson);
  }

  /** Starts a run other than {@code previous}, which may still be current for a moment after it finished. */
  private Future<String> startAfter(SyncApi sync, String previous, int attempts) {
    return sync.requestManual().compose(id -> {
      if (!id.equals(previous) || attempts == 0) {
        return Future.succeededFuture(id);
      }
      Promise<Void> later = Promise.promise();
      node.vertx().setTimer(RETRY_MILLIS, t -> later.complete());
      return later.future().compose(v -> startAfter(sync, previous, attempts - 1));
    });
  }

  /** The status, as {@code GET /api/sync/status} reports it. */
  public Future<EdgeStatus> status() {
    SyncApi sync = sync();
    RunResult current = sync.current().orElse(null);
    Future<List<RunResult>> last = sync.runs(SyncApi.RunQuery.latest(null, 1));
    Future<List<RunResult>> lastOk = sync.runs(SyncApi.RunQuery.latest(RunStatus.COMPLETE.json(), 1));
    return Future.all(last, lastOk).map(all -> {
      List<RunResult> lastRuns = all.resultAt(0);
      List<RunResult> okRuns = all.resultAt(1);
      Map<String, Long> pending = new LinkedHashMap<>(sync.pending());
      return new EdgeStatus(current != null, current == null ? null : RunJson.toJson(current),
          lastRuns.isEmpty() ? null : RunJson.toJson(lastRuns.get(0)),
          okRuns.isEmpty() ? null : okRuns.get(0).finishedAt(), nextDue(), pending);
    });
  }

  /**
   * Calls the listener with the RUN JSON of every run as it progresses and once more when it has finished
   * ({@code finishedAt} set). It runs on the sync thread: it must return quickly and must not block.
   */
  public void onRun(Consumer<JsonObject> listener) {
    sync().onProgress(run -> listener.accept(RunJson.toJson(run)));
  }

  /** The last finished runs, newest first. */
  public Future<List<JsonObject>> runs(int limit) {
    return sync().runs(SyncApi.RunQuery.latest(null, limit)).map(runs -> runs.stream().map(RunJson::toJson).toList());
  }

  /** Changes waiting to be pushed to this hub. */
  public long pending(String hub) {
    return store().pending(hub);
  }

  // ---- the node

  /** The node's HTTP address: REST API, web view, /health, /metrics. */
  public String url() {
    return node.url();
  }

  public EdgeConfig config() {
    return node.config();
  }

  /** The node itself, for what this class does not cover (conflicts, failed items, meters). */
  public EdgeNode node() {
    return node;
  }

  /** Stops the node: the running run stops at its next batch boundary, then the store closes. */
  public Future<Void> stop() {
    return node.stop();
  }

  /** {@link #stop()} and waits for it (up to {@link #CLOSE_TIMEOUT_SECONDS}); blocks the calling thread. */
  @Override
  public void close() {
    try {
      stop().await(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "the edge node did not stop within "
          + CLOSE_TIMEOUT_SECONDS + " s", e);
    }
  }

  private EdgeStore store() {
    EdgeStore store = node.store();
    if (store == null || node.vertx() == null) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "the edge node is not running");
    }
    return store;
  }

  private SyncApi sync() {
    store();
    return node.sync();
  }

  private Instant nextDue() {
    // The node reads its scheduler's next due time through the status route's supplier; ask the same way.
    return node.nextDue();
  }

  /**
   * Builds the config of an embedded node; every setting has the name and validation of {@code edge.json}
   * (docs/operations.md), and {@link #set(String, Object)} reaches any key without a method here.
   */
  public static final class Builder {
    private final JsonObject json;

    private Builder(String site) {
      json = new JsonObject().put("site", site).put("httpPort", 0).put("hubs", new JsonArray());
    }

    /** The folder of the store file (default {@code edge-data} in the working directory). */
    public Builder dataDir(Path dir) {
      return set("data", dir.toString());
    }

    /**
     * A hub to sync with. {@code collections}: the collections routed to it; none means every collection
     * not routed elsewhere (at most one hub may take the rest).
     */
    public Builder hub(String name, String address, String token, String... collections) {
      JsonObject hub = new JsonObject().put("name", name).put("address", address).put("token", token);
      if (collections.length > 0) {
        hub.put("collections", new JsonArray(List.of(collections)));
      }
      json.getJsonArray("hubs").add(hub);
      return this;
    }

    /** "commit" (survives a crashed process, the default) or "fsync" (also survives a power cut). */
    public Builder durability(String durability) {
      return set("durability", durability);
    }

    /** The HTTP port (0: any free port, the default here). */
    public Builder httpPort(int port) {
      return set("httpPort", port);
    }

    /** The {@code schedule} object of {@code edge.json} (docs/scheduling.md). */
    public Builder schedule(JsonObject schedule) {
      return set("schedule", schedule.copy());
    }

    /** Any {@code edge.json} key, e.g. {@code set("historyDays", 7)}. */
    public Builder set(String key, Object value) {
      json.put(key, value);
      return this;
    }

    /** The validated config; a bad value throws {@code ConfigException} naming the field. */
    public EdgeConfig config() {
      return EdgeConfig.fromJson(json.copy());
    }

    /** Validates, opens the store, starts the scheduler and the HTTP server. */
    public Future<EmbeddedEdge> start() {
      return EmbeddedEdge.start(config());
    }
  }
}
