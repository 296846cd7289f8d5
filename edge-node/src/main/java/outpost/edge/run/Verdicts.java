package outpost.edge.run;

import java.util.Collection;

/**
 * The rules that turn what happened into statuses, in one place (docs/web-view.md, "Statuses"):
 *
 * <ul>
 *   <li>A step is FAILED with an error, PARTIAL when it ended with refused or conflicting changes,
 *       COMPLETE otherwise; a step the hub never reached stays QUEUED.
 *   <li>A hub whose cycle stopped on an error (unreachable, refused, timed out) is FAILED; one whose steps
 *       all ended COMPLETE is COMPLETE; otherwise PARTIAL.
 *   <li>A run is FAILED when every hub failed, COMPLETE when every hub completed, otherwise PARTIAL.
 *   <li>A collection is FAILED when its hub failed, PARTIAL when its own changes were refused, in conflict
 *       or left unanswered, COMPLETE otherwise. A collection not routed to any hub of the run has no outcome.
 * </ul>
 */
public final class Verdicts {
  private Verdicts() {}

  /** A step that ended without an error: PARTIAL when it ended with refusals. */
  public static RunStatus endedStep(boolean refusals) {
    return refusals ? RunStatus.PARTIAL : RunStatus.COMPLETE;
  }

  public static RunStatus hub(boolean aborted, Collection<StepResult> steps) {
    if (aborted) {
      return RunStatus.FAILED;
    }
    return steps.stream().allMatch(s -> s.state() == RunStatus.COMPLETE) ? RunStatus.COMPLETE : RunStatus.PARTIAL;
  }

  public static RunStatus run(Collection<RunStatus> hubs) {
    if (!hubs.isEmpty() && hubs.stream().allMatch(h -> h == RunStatus.FAILED)) {
      return RunStatus.FAILED;
    }
    return hubs.stream().allMatch(h -> h == RunStatus.COMPLETE) ? RunStatus.COMPLETE : RunStatus.PARTIAL;
  }

  public static RunStatus collection(boolean hubAborted, boolean ownTrouble) {
    return hubAborted ? RunStatus.FAILED : ownTrouble ? RunStatus.PARTIAL : RunStatus.COMPLETE;
  }

  /** The worse of two statuses (a collection routed to two hubs, which config validation prevents). */
  public static RunStatus worse(RunStatus a, RunStatus b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(RunStatus s) {
    return switch (s) {
      case FAILED -> 3;
      case PARTIAL -> 2;
      case COMPLETE -> 1;
      default -> 0;
    };
  }
}
