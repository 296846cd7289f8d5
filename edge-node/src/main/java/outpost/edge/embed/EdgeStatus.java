package outpost.edge.embed;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * What {@code GET /api/sync/status} answers, as a value.
 *
 * @param running whether a run is going now
 * @param currentRun the running run's RUN JSON (docs/rest-api.md), or null
 * @param lastRun the last finished run's RUN JSON, or null
 * @param lastSuccessfulSync when the last COMPLETE run finished, or null
 * @param nextDue when the scheduler will next start a run, or null
 * @param pending changes waiting to be pushed, per hub name
 */
public record EdgeStatus(boolean running, JsonObject currentRun, JsonObject lastRun, Instant lastSuccessfulSync,
    Instant nextDue, Map<String, Long> pending) {
  public EdgeStatus {
    pending = Map.copyOf(pending);
  }

  /** The changes waiting for all hubs together. */
  public long pendingTotal() {
    return pending.values().stream().mapToLong(Long::longValue).sum();
  }
}
