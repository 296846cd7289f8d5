package outpost.edge.schedule;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides when sync runs start (docs/scheduling.md).
 *
 * <ul>
 *   <li>One run at a time. A manual request during a run answers the running run's id, except during an
 *       automatic retry: that retry started before the person asked (likely before the link came back, so
 *       it may fail), so the request queues one manual run right after it and answers that run's id (every
 *       further request during the retry answers the same queued id). {@link ScheduleStatus#queuedManualId()}
 *       names it until it starts.
 *   <li>Everything waiting when a run starts (an overdue schedule time, collected writes, a retry, a
 *       reconnect) is served by that run; what comes during a run waits for it and then causes one
 *       run, never more.
 *   <li>Local writes: the first write not yet covered by a run opens a window of {@code debounce};
 *       at its end one change run carries every write made in it. (A fixed window rather than "quiet
 *       for {@code debounce}": a clinic typing all morning would otherwise never sync by change.)
 *   <li>A failed run is retried after an exponential backoff with jitter, capped, by a run with the
 *       trigger {@code retry} that keeps the failed run's due time; a success resets it. Schedule and
 *       change runs wait for the backoff; manual and reconnect runs skip it. The status names the
 *       next retry's time and the failure it retries ({@link ScheduleStatus#retryReason()}).
 * </ul>
 *
 * <p>Threading: all state lives on the {@link Timers}' context (the node's Vert.x context, or the
 * test thread with the tests' {@code ManualTimers}). Public methods may be called from any thread: they hand
 * their work to that context. The launcher's futures are also handled there. {@link #status()} is a
 * snapshot safe to read anywhere.
 */
public final class SyncCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(SyncCoordinator.class);

  /** The schedule timer wakes at least this often to re-read the wall clock (clock set, suspend). */
  static final Duration MAX_TIMER_STEP = Duration.ofMinutes(1);

  private final SyncLauncher launcher;
  private final Timers timers;
  private final DoubleSupplier jitter;
  private final Supplier<String> ids;

  // Touched only on the timers' context.
  private ScheduleConfig config;
  private Backoff backoff;
  private boolean started;
  private boolean stopped;
  private String currentId;
  private Trigger currentTrigger;
  private Instant currentDue;
  private Promise<Void> idleAfterStop;
  private Instant nextDue;
  private Cancellable dueTimer;
  private Instant pendingDue;
  private Instant lastDue;
  private Instant lastDueStartedAt;
  private Cancellable changeTimer;
  private boolean changeReady;
  private boolean reconnectWanted;
  private boolean disconnected;
  private int failures;
  private Instant backoffUntil;
  private Cancellable backoffTimer;
  private boolean retryWanted;
  private Instant retryDue;
  private String retryReason;
  private String queuedManualId;
  private final List<Promise<Void>> queuedStarted = new ArrayList<>();

  private volatile ScheduleStatus status = ScheduleStatus.INITIAL;

  /**
   * @param jitter random numbers in [0, 1] for the backoff jitter (a constant in tests)
   * @param ids new run ids (UUIDs in production; predictable in tests)
   */
  public SyncCoordinator(ScheduleConfig config, SyncLauncher launcher, Timers timers,
      DoubleSupplier jitter, Supplier<String> ids) {
    this.config = Objects.requireNonNull(config, "config");
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    this.backoff = new Backoff(config.backoffInitial(), config.backoffMax(), jitter);
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /** Production wiring: random jitter and UUID run ids. */
  public SyncCoordinator(ScheduleConfig config, SyncLauncher launcher, Timers timers) {
    this(config, launcher, timers, () -> ThreadLocalRandom.current().nextDouble(),
        () -> UUID.randomUUID().toString());
  }

  /** Starts the start-up run and the schedule; answers the start-up run's id. */
  public Future<String> start() {
    return onContext(() -> {
      checkOpen();
      if (started) {
        throw new IllegalStateException("the sync scheduler is already started");
      }
      started = true;
      // The start-up run serves "now": the first scheduled time is strictly after it.
      Instant now = timers.now();
      armSchedule(DueTimes.next(config, now, now));
      return launch(Trigger.STARTUP, null);
    });
  }

  /**
   * Sync now: starts a manual run at once (even during a backoff), or answers the running run's id; during an
   * automatic retry, queues a manual run right after it and answers the queued run's id (see the class comment).
   */
  public Future<String> requestManual() {
    return onContext(() -> {
      checkOpen();
      if (currentId == null) {
        return launch(Trigger.MANUAL, null);
      }
      if (currentTrigger != Trigger.RETRY) {
        return currentId;
      }
      if (queuedManualId == null) {
        queuedManualId = ids.get();
        publish();
        LOG.info("sync run {} queued: manual, after the running retry {}", queuedManualId, currentId);
      }
      return queuedManualId;
    });
  }

  /**
   * Completes once the run {@code syncId} has been handed to the launcher, if it is the queued manual run;
   * at once for any other id (a run that already started, or an unknown one).
   */
  public Future<Void> whenStarted(String syncId) {
    Promise<Void> started = Promise.promise();
    timers.execute(() -> {
      if (syncId != null && syncId.equals(queuedManualId)) {
        queuedStarted.add(started);
      } else {
        started.complete();
      }
    });
    return started.future();
  }

  /** A local write was acknowledged: it will be carried by a change run (see the class comment). */
  public void localWrite() {
    timers.execute(() -> {
      if (stopped || changeTimer != null || changeReady) {
        return;
      }
      changeTimer = timers.schedule(config.debounce(), this::changeWindowEnded);
      publish();
    });
  }

  /**
   * A hub answered again after runs failed to reach it: starts a reconnect run at once (skipping the
   * backoff), or right after the running run if that one also fails to reach a hub. Ignored unless
   * the last finished run had a connection failure.
   */
  public void hubReachable() {
    timers.execute(() -> {
      if (stopped || !disconnected) {
        return;
      }
      reconnectWanted = true;
      maybeStart();
    });
  }

  /**
   * Stops the schedule, timers and retries and asks the running run (if any) to stop at its next batch
   * boundary, as a stopping node does; answers when that run has finished, so that the caller may then close the
   * store. Requests after this fail.
   */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    timers.execute(() -> {
      stopped = true;
      cancel(dueTimer);
      cancel(changeTimer);
      cancel(backoffTimer);
      dueTimer = changeTimer = backoffTimer = null;
      nextDue = pendingDue = backoffUntil = null;
      changeReady = reconnectWanted = false;
      retryWanted = false;
      dropQueuedManual();
      publish();
      if (currentId == null) {
        done.complete();
      } else {
        askToStop(currentId);
        if (idleAfterStop == null) {
          idleAfterStop = Promise.promise();
        }
        idleAfterStop.future().onComplete(done);
      }
    });
    return done.future();
  }

  /** Without it the stop would wait out the run's backoff and the rest of its work. */
  private void askToStop(String id) {
    try {
      launcher.requestStop(id);
    } catch (RuntimeException e) {
      // The stop still completes: it waits for the run to end by itself.
      LOG.warn("could not ask sync run {} to stop; waiting for it to end", id, e);
    }
  }

  /**
   * Applies a changed schedule (PUT /api/schedule) to the running scheduler: the next due time is worked out
   * again from now under it, as at start-up (a due time already served is not served again); a due time
   * already waiting behind a run keeps its place. Debounce and backoff apply from the next window and
   * the next failure. Answers the new next due time.
   */
  public Future<Instant> reschedule(ScheduleConfig next) {
    Objects.requireNonNull(next, "next");
    return onContext(() -> {
      config = next;
      backoff = new Backoff(next.backoffInitial(), next.backoffMax(), jitter);
      if (started && !stopped) {
        cancel(dueTimer);
        Instant now = timers.now();
        Instant due = DueTimes.next(next, now, null);
        armSchedule(lastDue != null && !due.isAfter(lastDue) ? DueTimes.next(next, now, lastDue) : due);
        publish();
        LOG.info("schedule changed to {}; next due {}", next.toJson().encode(), nextDue);
      }
      return status.nextDue();
    });
  }

  /** A snapshot for the status API; safe from any thread. */
  public ScheduleStatus status() {
    return status;
  }

  public boolean running() {
    return status.running();
  }

  public String currentSyncId() {
    return status.currentSyncId();
  }

  /** The next scheduled due time (an overdue one until its run starts). */
  public Instant nextDue() {
    return status.nextDue();
  }

  /** The due time of the last scheduled run started. */
  public Instant lastDue() {
    return status.lastDue();
  }

  public Instant backoffUntil() {
    return status.backoffUntil();
  }

  private String launch(Trigger trigger, Instant due) {
    return launch(ids.get(), trigger, due);
  }

  private String launch(String id, Trigger trigger, Instant due) {
    Instant now = timers.now();
    currentId = id;
    currentTrigger = trigger;
    currentDue = due;
    // The run covers everything that was waiting for one.
    pendingDue = null;
    cancel(changeTimer);
    changeTimer = null;
    changeReady = false;
    reconnectWanted = false;
    retryWanted = false;
    retryDue = null;
    cancel(backoffTimer);
    backoffTimer = null;
    backoffUntil = null;
    if (due != null) {
      lastDue = due;
      lastDueStartedAt = now;
    }
    publish();
    LOG.info("sync run {} starting: trigger {}{}", id, trigger.jsonName(),
        due == null ? "" : ", due " + due);
    Future<RunOutcome> run;
    try {
      run = launcher.launch(new RunRequest(id, trigger, due));
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    run.onComplete(ar -> timers.execute(() -> finished(id, trigger, due, ar)));
    return id;
  }

  /** Starts the manual run queued behind a retry: it serves everything waiting, as any run does. */
  private void launchQueuedManual() {
    String id = queuedManualId;
    queuedManualId = null;
    launch(id, Trigger.MANUAL, null);
    List<Promise<Void>> waiting = List.copyOf(queuedStarted);
    queuedStarted.clear();
    waiting.forEach(Promise::complete);
  }

  private void finished(String id, Trigger trigger, Instant due, AsyncResult<RunOutcome> ar) {
    RunOutcome outcome;
    if (ar.succeeded() && ar.result() != null) {
      outcome = ar.result();
    } else {
      LOG.warn("sync run {} ended without an outcome; counting it as failed", id, ar.cause());
      outcome = new RunOutcome(id, false, false, ar.cause() == null ? "the run ended without a result"
          : "INTERNAL_ERROR: " + ar.cause().getMessage());
    }
    currentId = null;
    currentTrigger = null;
    currentDue = null;
    disconnected = outcome.connectionFailure();
    if (outcome.success()) {
      failures = 0;
      reconnectWanted = false;
      retryReason = null;
    } else {
      failures++;
      // A reconnect asked for during this run still helps only if this run could not connect.
      reconnectWanted &= outcome.connectionFailure();
      retryWanted = true;
      retryDue = due;
      retryReason = outcome.reason() == null ? "the run failed" : outcome.reason();
      if (!stopped) {
        Duration wait = backoff.delay(failures);
        backoffUntil = timers.now().plus(wait);
        backoffTimer = timers.schedule(wait, this::backoffEnded);
        LOG.info("sync run {} failed ({} in a row); retrying at {}", id, failures, backoffUntil);
      }
    }
    if (idleAfterStop != null) {
      idleAfterStop.complete();
      idleAfterStop = null;
    }
    publish();
    maybeStart();
  }

  /** Starts the run that is waiting, if any may start now. */
  private void maybeStart() {
    if (stopped || currentId != null) {
      return;
    }
    if (queuedManualId != null) {
      launchQueuedManual(); // a person asked: it skips the backoff, as any manual run does
    } else if (reconnectWanted) {
      launch(Trigger.RECONNECT, null);
    } else if (backoffUntil != null) {
      return; // backoffEnded() comes back here
    } else if (pendingDue != null) {
      launch(Trigger.SCHEDULE, pendingDue);
    } else if (retryWanted) {
      launch(Trigger.RETRY, retryDue);
    } else if (changeReady) {
      launch(Trigger.CHANGE, null);
    }
  }

  /** After stop the queued manual run never starts: whoever waits for it learns that it is unknown. */
  private void dropQueuedManual() {
    queuedManualId = null;
    List<Promise<Void>> waiting = List.copyOf(queuedStarted);
    queuedStarted.clear();
    waiting.forEach(Promise::complete);
  }

  private void changeWindowEnded() {
    changeTimer = null;
    changeReady = true;
    publish();
    maybeStart();
  }

  private void backoffEnded() {
    backoffTimer = null;
    backoffUntil = null;
    publish();
    maybeStart();
  }

  private void armSchedule(Instant due) {
    nextDue = due;
    wakeForDue();
  }

  private void wakeForDue() {
    Duration wait = Duration.between(timers.now(), nextDue);
    dueTimer = timers.schedule(wait.compareTo(MAX_TIMER_STEP) > 0 ? MAX_TIMER_STEP : wait,
        this::dueTimerFired);
  }

  private void dueTimerFired() {
    dueTimer = null;
    if (stopped) {
      return;
    }
    Instant now = timers.now();
    if (now.isBefore(nextDue)) {
      wakeForDue();
      return;
    }
    // Due times missed behind a run or a backoff are served by one run, recorded with the first.
    if (pendingDue == null) {
      pendingDue = nextDue;
    }
    armSchedule(DueTimes.next(config, now, nextDue));
    publish();
    maybeStart();
  }

  private void publish() {
    status = new ScheduleStatus(currentId != null, currentId, currentTrigger, currentDue,
        pendingDue != null ? pendingDue : nextDue, lastDue, lastDueStartedAt, backoffUntil,
        failures, disconnected, changeTimer != null || changeReady, failures > 0 ? retryReason : null,
        queuedManualId);
  }

  private void checkOpen() {
    if (stopped) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "the sync scheduler is stopped");
    }
  }

  private <T> Future<T> onContext(Supplier<T> action) {
    Promise<T> promise = Promise.promise();
    timers.execute(() -> {
      try {
        promise.complete(action.get());
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  private static void cancel(Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }
}
