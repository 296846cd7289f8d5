package outpost.edge.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The engine's series on /metrics: run durations and results, items by result, last success time. */
final class SyncMetrics {
  private final MeterRegistry registry;
  private final AtomicLong lastSuccess = new AtomicLong();

  SyncMetrics(MeterRegistry registry, SyncEngine engine) {
    this.registry = registry;
    io.micrometer.core.instrument.Gauge.builder("outpost_edge_last_success_seconds", lastSuccess, AtomicLong::doubleValue)
        .description("When the last COMPLETE run finished, in seconds since the epoch (0: none since start)")
        .strongReference(true)
        .register(registry);
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
      lastSuccess.set(finished.getEpochSecond());
    }
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
