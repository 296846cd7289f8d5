package outpost.edge.web;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import outpost.edge.run.RunResult;
import outpost.edge.schedule.ScheduleStatus;
import outpost.edge.sync.SyncApi;

/** The node's real sync side, counting the runs the REST API asked it to start. */
final class CountingSync implements SyncApi, AutoCloseable {
  final AtomicInteger starts = new AtomicInteger();
  private final SyncApi sync;

  CountingSync(SyncApi sync) {
    this.sync = sync;
  }

  @Override
  public Future<String> requestManual() {
    starts.incrementAndGet();
    return sync.requestManual();
  }

  @Override
  public Future<RunResult> finished(String syncId) {
    return sync.finished(syncId);
  }

  @Override
  public Optional<RunResult> current() {
    return sync.current();
  }

  @Override
  public void onProgress(Consumer<RunResult> listener) {
    sync.onProgress(listener);
  }

  @Override
  public Future<List<RunResult>> runs(RunQuery query) {
    return sync.runs(query);
  }

  @Override
  public Future<Optional<RunResult>> run(String syncId) {
    return sync.run(syncId);
  }

  @Override
  public Map<String, Long> pending() {
    return sync.pending();
  }

  @Override
  public ScheduleStatus schedule() {
    return sync.schedule();
  }

  /** Closes the sync side as {@code EdgeNode.stop} would close it directly. */
  @Override
  public void close() {
    if (sync instanceof AutoCloseable c) {
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
