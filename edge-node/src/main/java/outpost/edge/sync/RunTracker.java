package outpost.edge.sync;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.run.CollectionOutcome;
import outpost.edge.run.Count;
import outpost.edge.run.HubResult;
import outpost.edge.run.RunError;
import outpost.edge.run.RunItem;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.run.Step;
import outpost.edge.run.StepResult;
import outpost.edge.run.Verdicts;
import outpost.edge.schedule.RunRequest;
import outpost.edge.store.Tally;

/**
 * The live state of one run. Written by the run's sync thread; snapshots ({@link RunResult}) are taken under
 * the object's lock so readers on other threads see a consistent picture. Statuses follow from what the hub
 * cycles report, by {@link Verdicts}.
 */
final class RunTracker {
  static final int MAX_ITEMS = 5_000;

  /** One hub's mutable part. */
  private static final class HubState {
    final String name;
    final long pendingAtStart;
    final Map<Step, StepResult> steps = new EnumMap<>(Step.class);
    /** The collections this run syncs with the hub: what a failure of the hub fails. */
    final Set<String> routed = new LinkedHashSet<>();
    /** Collections with changes left unanswered (not counted as failed or conflicts). */
    final Set<String> unanswered = new LinkedHashSet<>();
    RunStatus status = RunStatus.QUEUED;
    RunError error;
    boolean aborted;

    HubState(String name, long pendingAtStart, Collection<String> routed) {
      this.name = name;
      this.pendingAtStart = pendingAtStart;
      this.routed.addAll(routed);
      for (Step s : Step.values()) {
        steps.put(s, StepResult.queued(s));
      }
    }

    HubResult result() {
      return new HubResult(name, status, error, new ArrayList<>(steps.values()), pendingAtStart);
    }
  }

  /** A hub of the run as it starts: its name, its queue and the collections routed to it so far. */
  record HubStart(String name, long pending, Collection<String> routed) {}

  private final RunRequest request;
  private final Instant startedAt;
  private final JsonObject config;
  private final Consumer<RunResult> publish;
  private final Map<String, HubState> hubs = new LinkedHashMap<>();
  private final Map<String, Count> counts = new LinkedHashMap<>();
  private final List<RunItem> items = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private RunStatus status = RunStatus.RUNNING;
  /** Counted down by {@link #requestStop()}: a flag that also wakes a run waiting in a backoff. */
  private final CountDownLatch stop = new CountDownLatch(1);
  private Instant finishedAt;
  private List<CollectionOutcome> outcomes = List.of();
  private long lastPublish;

  RunTracker(RunRequest request, Instant startedAt, JsonObject config, List<HubStart> hubStarts,
      Consumer<RunResult> publish) {
    this.request = request;
    this.startedAt = startedAt;
    this.config = config == null ? new JsonObject() : config;
    this.publish = publish;
    for (HubStart h : hubStarts) {
      hubs.put(h.name(), new HubState(h.name(), h.pending(), h.routed()));
    }
  }

  String id() {
    return request.syncId();
  }

  /** Asks the run to stop at its next batch boundary (the node is shutting down). */
  void requestStop() {
    stop.countDown();
  }

  boolean stopRequested() {
    return stop.getCount() == 0;
  }

  /** Opens when a stop is requested: what {@link RetryPause} waits on, so that a stop ends a backoff at once. */
  CountDownLatch stopSignal() {
    return stop;
  }

  /** Throws {@link #stopping()} when a stop was requested: called between batches and steps. */
  void checkStop() {
    if (stopRequested()) {
      throw stopping();
    }
  }

  /** The error a run ends with when the node stops under it; the next run resumes from the last ack. */
  static OutpostException stopping() {
    return new OutpostException(ErrorCode.INTERNAL_ERROR,
        "the edge node is shutting down: the run stopped after its last acknowledged batch; the next run resumes");
  }

  synchronized void hubStarted(String hub) {
    hubs.get(hub).status = RunStatus.RUNNING;
    publish(true);
  }

  /** The collections the hub's cycle syncs (learnt from its Hello): they replace the guess made at the start. */
  synchronized void routes(String hub, Collection<String> collections) {
    HubState h = hubs.get(hub);
    h.routed.clear();
    h.routed.addAll(collections);
  }

  /** Ends a hub whose cycle ran to its end; answers its status. */
  synchronized RunStatus hubEnded(String hub) {
    HubState h = hubs.get(hub);
    h.status = Verdicts.hub(false, h.steps.values());
    publish(true);
    return h.status;
  }

  synchronized void step(String hub, Step step, RunStatus state, long done, long total) {
    StepResult s = hubs.get(hub).steps.get(step);
    Instant now = Instant.now();
    Instant started = s.startedAt() == null && state != RunStatus.QUEUED ? now : s.startedAt();
    Instant finished = s.finishedAt() == null && state.ended() ? now : s.finishedAt();
    hubs.get(hub).steps.put(step, new StepResult(step, state, done, total, started, finished, s.error()));
    publish(state != RunStatus.RUNNING);
  }

  /** The hub's cycle stopped on this error in this step: the hub FAILED, and so every collection routed to it. */
  synchronized void fail(String hub, Step step, OutpostException e) {
    HubState h = hubs.get(hub);
    failStepOnly(h, step, RunError.of(e));
    h.aborted = true;
    h.status = Verdicts.hub(true, h.steps.values());
    publish(true);
  }

  /**
   * Fails one step of a hub with its error while the hub's cycle goes on (its later steps can still run); the
   * cycle then ends the hub PARTIAL, and the named collections PARTIAL.
   */
  synchronized void failStep(String hub, Step step, OutpostException e, Collection<String> collections) {
    HubState h = hubs.get(hub);
    failStepOnly(h, step, RunError.of(e));
    h.unanswered.addAll(collections);
    publish(true);
  }

  private static void failStepOnly(HubState h, Step step, RunError error) {
    StepResult s = h.steps.get(step);
    h.steps.put(step, new StepResult(step, RunStatus.FAILED, s.done(), s.total(), s.startedAt(),
        s.finishedAt() == null ? Instant.now() : s.finishedAt(), error));
    h.error = error;
  }

  synchronized void counts(String hub, String operation, Tally tally) {
    tally.byCollection().forEach((c, n) -> {
      Count count = Count.of(hub, c, operation, n);
      counts.merge(hub + "\0" + c + "\0" + operation, count, Count::plus);
    });
  }

  synchronized void item(String hub, String collection, String id, String operation, String itemStatus,
      String code, String message) {
    if (items.size() < MAX_ITEMS) {
      items.add(new RunItem(hub, collection, id, operation, itemStatus, code, message));
    }
  }

  synchronized void note(String text) {
    notes.add(text);
  }

  synchronized RunResult finish() {
    finishedAt = Instant.now();
    status = Verdicts.run(hubs.values().stream().map(h -> h.status).toList());
    outcomes = collectionOutcomes();
    RunResult run = snapshot(true);
    publish.accept(run);
    return run;
  }

  /** Each collection's own outcome: its hub's failure, or its own refused, conflicting or unanswered changes. */
  private List<CollectionOutcome> collectionOutcomes() {
    Map<String, CollectionOutcome> out = new LinkedHashMap<>();
    for (HubState h : hubs.values()) {
      Set<String> touched = new LinkedHashSet<>(h.routed);
      counts.values().stream().filter(c -> c.hub().equals(h.name)).forEach(c -> touched.add(c.collection()));
      for (String c : touched) {
        boolean trouble = h.unanswered.contains(c) || counts.values().stream()
            .anyMatch(n -> n.hub().equals(h.name) && n.collection().equals(c) && n.refusals());
        RunStatus s = Verdicts.collection(h.aborted, trouble);
        out.merge(c, new CollectionOutcome(c, h.name, s),
            (a, b) -> Verdicts.worse(a.status(), b.status()) == a.status() ? a : b);
      }
    }
    return new ArrayList<>(out.values());
  }

  synchronized RunResult snapshot(boolean withDetail) {
    return new RunResult(request.syncId(), request.trigger(), status, startedAt, finishedAt, request.dueAt(),
        hubs.values().stream().map(HubState::result).toList(), new ArrayList<>(counts.values()), notes, outcomes,
        withDetail ? config : null, withDetail ? items : List.of());
  }

  private void publish(boolean force) {
    long now = System.currentTimeMillis();
    if (force || now - lastPublish >= 100) {
      lastPublish = now;
      publish.accept(snapshot(false));
    }
  }
}
