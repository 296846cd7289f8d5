package outpost.edge.run;

import java.util.List;

/**
 * One hub's part of a run. {@code pendingAtStart}: changes waiting for this hub when the run started (what
 * the pending chart plots, also for a run that never reached the hub).
 */
public record HubResult(String name, RunStatus status, RunError error, List<StepResult> steps, long pendingAtStart) {
  public HubResult {
    steps = List.copyOf(steps);
  }

  public StepResult step(Step step) {
    return steps.stream().filter(s -> s.step() == step).findFirst().orElse(StepResult.queued(step));
  }
}
