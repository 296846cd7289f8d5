package outpost.system.protocol;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import outpost.edge.schedule.RunRequest;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.LocalRecord;
import outpost.edge.sync.HubTarget;
import outpost.edge.sync.SyncEngine;
import outpost.system.fixture.Await;

/**
 * A real edge for the protocol tests: the MVStore store in a temp folder and the real sync engine with
 * one hub ("central"), whose idle timeout and maximum message size a test chooses.
 */
final class ProtocolEdge implements AutoCloseable {
  static final Duration DEFAULT_IDLE = Duration.ofSeconds(20);
  static final int DEFAULT_MAX_MESSAGE = 8 << 20;

  final String site;
  final EdgeStore store;
  final SyncEngine engine;
  private final List<JsonObject> runs = new ArrayList<>();

  ProtocolEdge(Vertx vertx, Path dir, String site, String address, String token, Duration idleTimeout,
      int maxMessageBytes) {
    this.site = site;
    HubTarget hub = new HubTarget("central", address, token, List.of(), List.of(), null, idleTimeout,
        maxMessageBytes);
    this.store = EdgeStore.open(vertx, dir, site, Durability.COMMIT, c -> "central", Clock.systemUTC());
    this.engine = new SyncEngine(store, site, List.of(hub), new JsonObject().put("site", site));
  }

  ProtocolEdge(Vertx vertx, Path dir, String site, String address, String token) {
    this(vertx, dir, site, address, token, DEFAULT_IDLE, DEFAULT_MAX_MESSAGE);
  }

  /** Runs one sync and answers the finished RUN JSON (kept for {@link #runs()}). */
  JsonObject sync() {
    return sync(Duration.ofSeconds(90));
  }

  JsonObject sync(Duration deadline) {
    JsonObject run = outpost.edge.run.RunJson.toJson(Await.of(engine.run(RunRequest.manual()), deadline));
    synchronized (runs) {
      runs.add(run);
    }
    return run;
  }

  /** Every run this edge finished through {@link #sync()}. */
  List<JsonObject> runs() {
    synchronized (runs) {
      return List.copyOf(runs);
    }
  }

  void put(String collection, String id, JsonObject data) {
    Await.of(store.put(collection, id, data));
  }

  Optional<LocalRecord> get(String collection, String id) {
    return Await.of(store.get(collection, id));
  }

  /** Every live local record of a collection, by id. */
  List<LocalRecord> live(String collection) {
    List<LocalRecord> out = new ArrayList<>();
    String after = null;
    while (true) {
      EdgeStore.Page page = Await.of(store.list(collection, after, 1_000));
      out.addAll(page.items());
      if (page.next() == null) {
        return out;
      }
      after = page.next();
    }
  }

  long pending() {
    return store.pending("central");
  }

  static String status(JsonObject run) {
    return run.getString("status");
  }

  /** The error code of the run's hub, or null. */
  static String errorCode(JsonObject run) {
    JsonObject error = run.getJsonArray("hubs").getJsonObject(0).getJsonObject("error");
    return error == null ? null : error.getString("code");
  }

  static String errorMessage(JsonObject run) {
    JsonObject error = run.getJsonArray("hubs").getJsonObject(0).getJsonObject("error");
    return error == null ? null : error.getString("message");
  }

  @Override
  public void close() {
    engine.close();
    store.close();
  }
}
