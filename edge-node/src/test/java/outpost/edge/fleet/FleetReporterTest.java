package outpost.edge.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.edge.run.HubResult;
import outpost.edge.run.RunError;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.run.Step;
import outpost.edge.run.StepResult;
import outpost.edge.schedule.Trigger;

/** The last error a report carries: typed, read from the edge's latest run itself. */
class FleetReporterTest {
  private static RunResult run(HubResult... hubs) {
    return new RunResult("r1", Trigger.MANUAL, RunStatus.FAILED, Instant.EPOCH, Instant.EPOCH, null, List.of(hubs),
        List.of(), List.of(), List.of(), null, List.of());
  }

  private static HubResult hub(String name, RunError error, StepResult... steps) {
    return new HubResult(name, error == null ? RunStatus.COMPLETE : RunStatus.FAILED, error, List.of(steps), 0);
  }

  @Test
  void aRunWithoutErrorsReportsNone() {
    assertEquals(Optional.empty(), FleetReporter.lastError(run(hub("central", null))));
  }

  @Test
  void theFirstFailedHubsErrorIsNamedWithItsHubAndCodeOnce() {
    RunError down = new RunError(ErrorCode.CONNECTION_ERROR, "the hub is down", "h");
    var e = FleetReporter.lastError(run(hub("central", null), hub("regional", down),
        hub("third", new RunError(ErrorCode.TIMEOUT, "slow", "h")))).orElseThrow();
    assertEquals("regional", e.hub());
    assertEquals(ErrorCode.CONNECTION_ERROR, e.error().code());
    assertEquals("regional: CONNECTION_ERROR: the hub is down", e.sentence());
    var coded = FleetReporter.lastError(run(hub("central",
        new RunError(ErrorCode.AUTH_ERROR, "AUTH_ERROR: site refused", "h")))).orElseThrow();
    assertEquals("central: AUTH_ERROR: site refused", coded.sentence(), "the code is not repeated");
  }

  @Test
  void aFailedStepsErrorCountsWhenTheHubHasNoneOfItsOwn() {
    RunError unanswered = new RunError(ErrorCode.INTEGRATION_ERROR, "2 changes not answered", "h");
    HubResult partial = new HubResult("central", RunStatus.PARTIAL, null, List.of(
        new StepResult(Step.PUSH, RunStatus.FAILED, 0, 2, null, null, unanswered)), 0);
    assertEquals(ErrorCode.INTEGRATION_ERROR, FleetReporter.lastError(run(partial)).orElseThrow().error().code());
  }
}
