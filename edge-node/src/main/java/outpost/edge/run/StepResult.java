package outpost.edge.run;

import java.time.Instant;

/**
 * One step of one hub: its state, progress and error. {@code state} is QUEUED for a step the hub never
 * reached, PARTIAL for a push that ended with refused or conflicting changes.
 */
public record StepResult(Step step, RunStatus state, long done, long total, Instant startedAt, Instant finishedAt,
    RunError error) {

  public static StepResult queued(Step step) {
    return new StepResult(step, RunStatus.QUEUED, 0, 0, null, null, null);
  }
}
