package outpost.edge.sync;

import io.grpc.stub.ClientCallStreamObserver;
import java.util.List;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.run.RunStatus;
import outpost.edge.run.Step;
import outpost.edge.run.Verdicts;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.LogEntry;
import outpost.common.sync.ChangeOutcome;
import outpost.edge.store.Tally;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;

/**
 * One push stream to one hub, driven from the run's sync thread. At most {@link #WINDOW} batches are
 * unacknowledged, and a batch is sent only while the stream isReady(): memory stays bounded however
 * long the log. An acknowledgement is applied to the store (removing its entries and advancing the
 * push position) before the next one is read, so a broken link re-sends only unacknowledged batches.
 */
final class PushSession {
  static final int WINDOW = 4;

  private final EdgeStore store;
  private final HubLink link;
  private final HubTarget hub;
  private final RunTracker run;
  private final int batchSize;
  private final PushBatcher batcher;

  /** {@code hubMaxMessageBytes}: the largest message the hub accepts, as its Hello said (0: not said). */
  PushSession(EdgeStore store, HubLink link, HubTarget hub, RunTracker run, int batchSize, int hubMaxMessageBytes) {
    this.store = store;
    this.link = link;
    this.hub = hub;
    this.run = run;
    this.batchSize = batchSize;
    this.batcher = new PushBatcher(hubMaxMessageBytes);
  }

  Tally push() {
    Tally tally = new Tally();
    long total = store.pending(hub.name());
    long limitSeq = Await.result(store.lastSeq());
    run.step(hub.name(), Step.PUSH, RunStatus.RUNNING, 0, total);
    if (total == 0) {
      run.step(hub.name(), Step.PUSH, RunStatus.COMPLETE, 0, 0);
      return tally;
    }
    // At most WINDOW batches are unanswered, so at most WINDOW acks wait; readiness wakes the loop to fill the
    // window instead of waiting for an ack.
    StreamInbox<PushBatch, PushAck> inbox = new StreamInbox<>(WINDOW, true, stream -> { });
    link.async().push(inbox);
    ClientCallStreamObserver<PushBatch> out = inbox.call();
    long after = 0;
    long batchNo = 0;
    int inFlight = 0;
    long done = 0;
    boolean drained = false;
    boolean halfClosed = false;
    java.util.Map<Long, LogEntry> sent = new java.util.HashMap<>();
    long idleNanos = hub.idleTimeout().toNanos();
    long lastTraffic = System.nanoTime();
    try {
      while (true) {
        while (!drained && inFlight < WINDOW && out.isReady() && !run.stopRequested()) {
          EdgeStore.LogPage page = Await.result(store.readLog(hub.name(), after, batchSize, run.id()));
          tally.addAll(page.setAside()); // unreadable changes, now failed items: the run is PARTIAL
          done += page.setAside().total();
          List<LogEntry> entries = page.entries().stream().filter(e -> e.seq() <= limitSeq).toList();
          if (entries.isEmpty()) {
            drained = true;
            break;
          }
          PushBatcher.Cut cut = batcher.cut(entries);
          after = cut.lastSeq();
          if (!cut.tooLarge().isEmpty()) {
            done += keepTooLarge(cut.tooLarge(), entries, tally);
          }
          if (cut.changes().isEmpty()) {
            continue;
          }
          cut.sent().forEach(e -> sent.put(e.seq(), e));
          out.onNext(PushBatch.newBuilder().setBatchNo(++batchNo).setSyncId(run.id()).addAllChanges(cut.changes())
              .build());
          lastTraffic = System.nanoTime();
          inFlight++;
        }
        if (run.stopRequested() && !drained && inFlight == 0) {
          // Every batch sent is acknowledged and applied: stop here; the next run starts after the last ack.
          out.cancel("the edge node is stopping", null);
          throw RunTracker.stopping();
        }
        if (drained && inFlight == 0 && !halfClosed) {
          out.onCompleted();
          halfClosed = true;
        }
        StreamInbox.Event<PushAck> event = inbox.poll(inFlight > 0 || halfClosed ? hub.idleTimeout().toMillis() : 50);
        if (event.kind() == StreamInbox.Kind.TIMED_OUT) {
          // Waiting for an answer, or for a stream that never becomes ready (a stalled link): both are
          // bounded by the idle timeout.
          if (inFlight > 0 || halfClosed || System.nanoTime() - lastTraffic >= idleNanos) {
            out.cancel("idle timeout", null);
            throw new OutpostException(ErrorCode.TIMEOUT, "no traffic with the hub for "
                + hub.idleTimeout().toSeconds() + " s during push");
          }
          continue;
        }
        if (event.kind() == StreamInbox.Kind.READY) {
          continue;
        }
        lastTraffic = System.nanoTime();
        if (event.kind() == StreamInbox.Kind.COMPLETED) {
          break;
        }
        PushAck ack = event.answer();
        List<ChangeOutcome> results = ack.getResultsList().stream().map(WireMapping::result).toList();
        Tally batchTally = Await.result(store.applyPushResults(hub.name(), run.id(), results));
        tally.addAll(batchTally);
        for (ChangeOutcome r : results) {
          LogEntry e = sent.remove(r.originSeq());
          if (e != null) {
            item(e, r);
          }
        }
        inFlight--;
        done += results.size();
        run.step(hub.name(), Step.PUSH, RunStatus.RUNNING, done, Math.max(total, done));
      }
    } catch (InterruptedException | RuntimeException e) {
      throw inbox.abandon(e, "push");
    }
    // A push that ended with refused or conflicting changes is PARTIAL, never a green COMPLETE under a PARTIAL run.
    run.step(hub.name(), Step.PUSH, Verdicts.endedStep(
        tally.total(Tally.Kind.FAILED) + tally.total(Tally.Kind.CONFLICTS) > 0), done, Math.max(total, done));
    return tally;
  }

  /**
   * One pushed change's result in the run: its record operation (PUT or DELETE, as in GET /api/failed and the errors
   * CSV), and for a conflict the code CONFLICT with the fields that conflicted.
   */
  private void item(LogEntry e, ChangeOutcome r) {
    boolean conflict = r.status() == ChangeOutcome.Status.CONFLICT;
    run.item(hub.name(), e.collection(), e.id(), e.op().name(), r.status().name(),
        conflict ? ErrorCode.CONFLICT.name() : r.code(),
        conflict ? "changed here and on the hub: " + (r.conflictFields().isEmpty() ? "the whole record"
            : String.join(", ", r.conflictFields())) : r.reason());
  }

  /** Keeps changes no message can carry as failed items, as if the hub had rejected them; answers how many. */
  private int keepTooLarge(List<ChangeOutcome> results, List<LogEntry> entries, Tally tally) {
    tally.addAll(Await.result(store.applyPushResults(hub.name(), run.id(), results)));
    for (ChangeOutcome r : results) {
      entries.stream().filter(e -> e.seq() == r.originSeq()).findFirst().ifPresent(e ->
          item(e, r));
    }
    return results.size();
  }
}
