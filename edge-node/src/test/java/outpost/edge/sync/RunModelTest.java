package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.run.CollectionOutcome;
import outpost.edge.run.RunJson;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.run.Step;
import outpost.edge.run.Verdicts;
import outpost.edge.schedule.RunOutcome;
import outpost.edge.schedule.RunRequest;
import outpost.edge.store.Tally;

/**
 * The run model over every combination of outcomes of two hubs' steps: one status per run, per hub and per
 * collection, checked against the rules as the issue states them (written here independently of
 * {@link Verdicts}). Hub {@code central} carries {@code patients} and {@code notes}, hub {@code stock} carries
 * {@code items}; {@code archive} is routed to neither and must never get an outcome.
 */
class RunModelTest {
  /** What happened to one hub. */
  enum Push { DOWN, OK, REFUSED, CONFLICT, UNANSWERED, ERROR }

  enum Later { OK, ERROR }

  record HubCase(Push push, Later pull, Later integrate) {
    boolean aborted() {
      return push == Push.DOWN || push == Push.ERROR || pull == Later.ERROR || integrate == Later.ERROR;
    }

    /** The hub could not be reached (down) or stopped answering (a pull timed out). */
    boolean unreachable() {
      return push == Push.DOWN || pull == Later.ERROR;
    }

    boolean trouble() {
      return push == Push.REFUSED || push == Push.CONFLICT || push == Push.UNANSWERED;
    }

    /** The rule: a hub that could not finish is FAILED, one with refusals PARTIAL. */
    RunStatus expectedHub() {
      return aborted() ? RunStatus.FAILED : trouble() ? RunStatus.PARTIAL : RunStatus.COMPLETE;
    }
  }

  static final Map<String, List<String>> ROUTES = new LinkedHashMap<>();

  static {
    ROUTES.put("central", List.of("patients", "notes"));
    ROUTES.put("stock", List.of("items"));
  }

  static List<HubCase> cases() {
    List<HubCase> out = new ArrayList<>();
    for (Push p : Push.values()) {
      for (Later pull : Later.values()) {
        for (Later integrate : Later.values()) {
          if ((p == Push.DOWN || p == Push.ERROR) && (pull != Later.OK || integrate != Later.OK)) {
            continue; // a hub that stopped at push never reaches its later steps
          }
          if (pull == Later.ERROR && integrate != Later.OK) {
            continue;
          }
          out.add(new HubCase(p, pull, integrate));
        }
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyCombinationOfTwoHubsHasOneStatusPerRunHubAndCollection() {
    List<DynamicTest> tests = new ArrayList<>();
    for (HubCase central : cases()) {
      for (HubCase stock : cases()) {
        tests.add(DynamicTest.dynamicTest("central " + central + ", stock " + stock, () -> check(central, stock)));
      }
    }
    return tests.stream();
  }

  private static void check(HubCase central, HubCase stock) {
    List<RunResult> published = new ArrayList<>();
    RunTracker run = new RunTracker(new RunRequest("run-1", outpost.edge.schedule.Trigger.MANUAL, null),
        java.time.Instant.now(), null, List.of(new RunTracker.HubStart("central", 2, ROUTES.get("central")),
            new RunTracker.HubStart("stock", 0, ROUTES.get("stock"))), published::add);
    play(run, "central", central);
    play(run, "stock", stock);
    RunResult result = run.finish();

    Map<String, HubCase> cases = Map.of("central", central, "stock", stock);
    for (var hub : result.hubs()) {
      assertEquals(cases.get(hub.name()).expectedHub(), hub.status(), "hub " + hub.name());
      if (cases.get(hub.name()).trouble() && !cases.get(hub.name()).aborted()) {
        assertTrue(hub.step(Step.PUSH).state() != RunStatus.COMPLETE, "a push with refusals is not a green COMPLETE");
      }
    }
    boolean allFailed = central.aborted() && stock.aborted();
    boolean allComplete = central.expectedHub() == RunStatus.COMPLETE && stock.expectedHub() == RunStatus.COMPLETE;
    RunStatus expectedRun = allFailed ? RunStatus.FAILED : allComplete ? RunStatus.COMPLETE : RunStatus.PARTIAL;
    assertEquals(expectedRun, result.status(), "run");

    // Each collection from its own outcome: only patients has the refused change.
    assertEquals(expected(central, true), status(result, "patients"), "patients");
    assertEquals(expected(central, false), status(result, "notes"), "notes: never PARTIAL for patients' refusal");
    assertEquals(expected(stock, true), status(result, "items"), "items (stock's only collection has its refusals)");
    assertEquals(Optional.empty(), result.collection("archive"), "a collection no hub carries is not touched");
    assertEquals(3, result.collections().size());

    // A retry only when it can help: a hub failed or changes were left unanswered, not for refusals alone.
    RunOutcome outcome = result.outcome();
    boolean retry = central.aborted() || stock.aborted() || central.push() == Push.UNANSWERED
        || stock.push() == Push.UNANSWERED;
    assertEquals(!retry, outcome.success(), "retry");
    assertEquals(central.unreachable() || stock.unreachable(), outcome.connectionFailure(), "reconnect");
    assertEquals(retry, outcome.reason() != null, "a retry names its reason");

    // The history boundary gives back the same run, and the last live snapshot is the final one.
    assertEquals(result, RunJson.fromJson(RunJson.toJson(result)));
    assertEquals(result, published.get(published.size() - 1));
  }

  private static RunStatus expected(HubCase hub, boolean hasTheRefusedChange) {
    if (hub.aborted()) {
      return RunStatus.FAILED;
    }
    return hasTheRefusedChange && hub.trouble() ? RunStatus.PARTIAL : RunStatus.COMPLETE;
  }

  private static RunStatus status(RunResult run, String collection) {
    return run.collection(collection).map(CollectionOutcome::status).orElse(null);
  }

  /** Drives the tracker as HubCycle and PushSession do for this case. */
  private static void play(RunTracker run, String hub, HubCase c) {
    run.hubStarted(hub);
    if (c.push() == Push.DOWN) {
      run.fail(hub, Step.PUSH, new OutpostException(ErrorCode.CONNECTION_ERROR, "hub " + hub + " is unreachable"));
      return;
    }
    run.routes(hub, ROUTES.get(hub));
    String first = ROUTES.get(hub).get(0);
    run.step(hub, Step.PUSH, RunStatus.RUNNING, 0, 2);
    if (c.push() == Push.ERROR) {
      run.fail(hub, Step.PUSH, new OutpostException(ErrorCode.AUTH_ERROR, "token refused"));
      return;
    }
    Tally pushed = new Tally();
    pushed.add(ROUTES.get(hub).get(ROUTES.get(hub).size() - 1), Tally.Kind.UPDATED);
    if (c.push() == Push.REFUSED) {
      pushed.add(first, Tally.Kind.FAILED);
      run.item(hub, first, "p-1", "push", "REJECTED", "PERMISSION_DENIED", "not allowed");
    } else if (c.push() == Push.CONFLICT) {
      pushed.add(first, Tally.Kind.CONFLICTS);
      run.item(hub, first, "p-1", "push", "CONFLICT", "CONFLICT", "both changed");
    } else {
      pushed.add(first, Tally.Kind.UPDATED);
    }
    run.counts(hub, "push", pushed);
    run.step(hub, Step.PUSH, Verdicts.endedStep(c.push() == Push.REFUSED || c.push() == Push.CONFLICT), 2, 2);
    if (c.push() == Push.UNANSWERED) {
      run.failStep(hub, Step.PUSH, new OutpostException(ErrorCode.INTEGRATION_ERROR, "1 change unanswered"),
          List.of(first));
    }
    run.step(hub, Step.PULL, RunStatus.RUNNING, 0, 0);
    if (c.pull() == Later.ERROR) {
      run.fail(hub, Step.PULL, new OutpostException(ErrorCode.TIMEOUT, "no traffic"));
      return;
    }
    run.step(hub, Step.PULL, RunStatus.COMPLETE, 0, 0);
    run.step(hub, Step.INTEGRATE, RunStatus.RUNNING, 0, 1);
    if (c.integrate() == Later.ERROR) {
      run.fail(hub, Step.INTEGRATE, new OutpostException(ErrorCode.INTERNAL_ERROR, "digest failed"));
      return;
    }
    run.step(hub, Step.INTEGRATE, RunStatus.COMPLETE, 1, 1);
    run.hubEnded(hub);
  }

  @Test
  void aRunWithoutHubsIsCompleteAndTouchesNothing() {
    RunTracker run = new RunTracker(RunRequest.manual(), java.time.Instant.now(), null, List.of(), r -> { });
    RunResult result = run.finish();
    assertEquals(RunStatus.COMPLETE, result.status());
    assertTrue(result.collections().isEmpty());
    assertFalse(result.hubs().iterator().hasNext());
  }
}
