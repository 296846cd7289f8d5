package outpost.edge.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the coordinator asks the runner for: one run under an id it chose, why, and the schedule due time it
 * serves (null unless {@code trigger} is SCHEDULE, or RETRY of a scheduled run).
 */
public record RunRequest(String syncId, Trigger trigger, Instant dueAt) {
  public RunRequest {
    Objects.requireNonNull(syncId, "syncId");
    Objects.requireNonNull(trigger, "trigger");
  }

  /** A manual run under a fresh id: for tools and tests that drive a runner without a coordinator. */
  public static RunRequest manual() {
    return new RunRequest(UUID.randomUUID().toString(), Trigger.MANUAL, null);
  }
}
