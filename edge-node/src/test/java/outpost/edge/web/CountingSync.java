package outpost.edge.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import outpost.edge.sync.SyncApi;

/** The real sync engine, counting the runs the REST API asked it to start. */
final class CountingSync implements SyncApi, AutoCloseable {
  final AtomicInteger starts = new AtomicInteger();
  private final SyncApi engine;

  CountingSync(SyncApi engine) {
    this.engine = engine;
  }

  @Override
  public Future<String> start(String trigger, Instant dueAt) {
    starts.incrementAndGet();
    return engine.start(trigger, dueAt);
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

  /** Closes the engine as {@code EdgeNode.stop} would close it directly. */
  @Override
  public void close() {
    if (engine instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
