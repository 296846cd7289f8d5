package outpost.edge.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import outpost.edge.run.Count;
import outpost.edge.run.HubResult;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's series on /metrics: run durations and results, items by result, failures by hub and error
 * code, last success time. Labels are hubs, operations, results and error codes: a handful each.
 */
final class SyncMetrics {
  private final MeterRegistry registry;
  private final AtomicLong lastSuccess = new AtomicLong();

  SyncMetrics(MeterRegistry registry, SyncApi sync) {
    this.registry = registry;
    io.micrometer.core.instrument.Gauge.builder("outpost_edge_last_success_seconds", lastSuccess, AtomicLong::doubleValue)
        .description("When the last COMPLETE run finished, in seconds since the epoch (0: none yet)")
        .strongReference(true)
        .register(registry);
    // After a restart the last success is the one in the run history, not "none": an alert on its age
    // must not fire because a node was restarted.
    sync.runs(SyncApi.RunQuery.latest(RunStatus.COMPLETE.json(), 1)).onSuccess(runs -> runs.stream()
        .map(RunResult::finishedAt).filter(java.util.Objects::nonNull)
        .forEach(at -> lastSuccess.accumulateAndGet(at.getEpochSecond(), Math::max)));
    sync.onProgress(this::observe);
  }

  private void observe(RunResult run) {
    if (!run.finished()) {
      return;
    }
    Timer.builder("outpost_edge_run_duration").description("Sync run durations, by final status")
        .tag("status", run.status().json()).register(registry)
        .record(Duration.between(run.startedAt(), run.finishedAt()));
    if (run.status() == RunStatus.COMPLETE) {
      lastSuccess.accumulateAndGet(run.finishedAt().getEpochSecond(), Math::max);
    }
    for (HubResult hub : run.hubs()) {
      if (hub.error() != null) {
        Counter.builder("outpost_edge_sync_failures").description("Hub results of runs that carried an error, by code")
            .tag("hub", hub.name()).tag("code", hub.error().code().name()).register(registry).increment();
      }
    }
    for (Count c : run.counts()) {
      long[] values = c.values();
      for (int i = 0; i < values.length; i++) {
        if (values[i] > 0) {
          Counter.builder("outpost_edge_items").description("Items synced, by hub, operation and result")
              .tag("hub", c.hub()).tag("operation", c.operation()).tag("result", Count.KINDS.get(i))
              .register(registry).increment(values[i]);
        }
      }
    }
  }
}
