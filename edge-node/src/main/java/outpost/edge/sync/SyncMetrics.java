package outpost.edge.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's series on /metrics: run durations and results, items by result, failures by hub and error
 * code, last success time. Labels are hubs, operations, results and error codes: a handful each.
 */
final class SyncMetrics {
  private final MeterRegistry registry;
  private final AtomicLong lastSuccess = new AtomicLong();

  SyncMetrics(MeterRegistry registry, SyncEngine engine) {
    this.registry = registry;
    io.micrometer.core.instrument.Gauge.builder("outpost_edge_last_success_seconds", lastSuccess, AtomicLong::doubleValue)
        .description("When the last COMPLETE run finished, in seconds since the epoch (0: none yet)")
        .strongReference(true)
        .register(registry);
    // After a restart the last success is the one in the run history, not "none": an alert on its age
    // must not fire because a node was restarted.
    engine.runs(new SyncApi.RunQuery(null, null, "COMPLETE", null, null, null, 1)).onSuccess(runs -> runs.stream()
        .map(r -> r.getString("finishedAt")).filter(java.util.Objects::nonNull)
        .forEach(at -> lastSuccess.accumulateAndGet(Instant.parse(at).getEpochSecond(), Math::max)));
    engine.onProgress(this::observe);
  }

  private void observe(JsonObject run) {
    if (run.getString("finishedAt") == null) {
      return;
    }
    String status = run.getString("status");
    Instant started = Instant.parse(run.getString("startedAt"));
    Instant finished = Instant.parse(run.getString("finishedAt"));
    Timer.builder("outpost_edge_run_duration").description("Sync run durations, by final status")
        .tag("status", status).register(registry)
        .record(Duration.between(started, finished));
    if ("COMPLETE".equals(status)) {
      lastSuccess.accumulateAndGet(finished.getEpochSecond(), Math::max);
    }
    run.getJsonArray("hubs").forEach(o -> {
      JsonObject error = ((JsonObject) o).getJsonObject("error");
      if (error != null) {
        Counter.builder("outpost_edge_sync_failures").description("Hub results of runs that carried an error, by code")
            .tag("hub", ((JsonObject) o).getString("name")).tag("code", error.getString("code", "INTERNAL_ERROR"))
            .register(registry).increment();
      }
    });
    run.getJsonArray("counts").forEach(o -> {
      JsonObject c = (JsonObject) o;
      for (String result : new String[] {"new", "updated", "deleted", "failed", "skipped", "conflicts"}) {
        long n = c.getLong(result, 0L);
        if (n > 0) {
          Counter.builder("outpost_edge_items").description("Items synced, by hub, operation and result")
              .tag("hub", c.getString("hub"))
              .tag("operation", c.getString("operation")).tag("result", result).register(registry).increment(n);
        }
      }
    });
  }
}
