package outpost.edge.schedule;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A stand-in for the sync engine behind our own {@link SyncLauncher}: records launches; the test ends them. */
final class FakeLauncher implements SyncLauncher {
  record Launch(String id, Trigger trigger, Instant dueAt, Instant startedAt, Promise<RunOutcome> done) {}

  private final Timers timers;
  final List<Launch> launches = new ArrayList<>();
  /** The ids of the runs the coordinator asked to stop, in order. */
  final List<String> stopRequests = new ArrayList<>();

  FakeLauncher(Timers timers) {
    this.timers = timers;
  }

  @Override
  public Future<RunOutcome> launch(RunRequest request) {
    Promise<RunOutcome> done = Promise.promise();
    launches.add(new Launch(request.syncId(), request.trigger(), request.dueAt(), timers.now(), done));
    return done.future();
  }

  @Override
  public void requestStop(String syncId) {
    stopRequests.add(syncId);
  }

  Launch last() {
    return launches.get(launches.size() - 1);
  }

  int count() {
    return launches.size();
  }

  void succeed() {
    last().done().complete(new RunOutcome(last().id(), true, false));
  }

  void fail() {
    last().done().complete(new RunOutcome(last().id(), false, false, "INTEGRATION_ERROR: the hub refused"));
  }

  void failToConnect() {
    last().done().complete(new RunOutcome(last().id(), false, true, "CONNECTION_ERROR: the hub is unreachable"));
  }
}
