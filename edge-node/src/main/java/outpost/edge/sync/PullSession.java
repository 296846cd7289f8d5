package outpost.edge.sync;

import io.grpc.stub.ClientCallStreamObserver;
import java.util.List;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.store.RemoteRecord;
import outpost.edge.store.Tally;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;

/**
 * One pull stream from one hub. The edge keeps {@link #AHEAD} batches requested beyond the one it is
 * applying (manual flow control), so the hub reads the next page while the edge commits this one; batches
 * are still applied one at a time, in order, each with its cursor in one commit: a broken stream resumes
 * from the last applied batch, and memory holds at most {@code 1 + AHEAD} batches.
 */
final class PullSession {
  /** What the session ends with: counts, and the last batch (with the digests). */
  record Result(Tally tally, PullBatch last) {}

  /** Applies one batch; the session calls it on the sync thread. */
  interface Sink {
    Tally apply(List<RemoteRecord> records, long cursorAfter);
  }

  /** Batches requested ahead of the one being applied (1 overlaps the hub's read with the edge's commit). */
  static final int AHEAD = 1;
  private final HubLink link;
  private final HubTarget hub;
  private final java.util.function.BooleanSupplier stopRequested;

  /** @param stopRequested polled between batches: when true the pull ends after the batch it applied */
  PullSession(HubLink link, HubTarget hub, java.util.function.BooleanSupplier stopRequested) {
    this.link = link;
    this.hub = hub;
    this.stopRequested = stopRequested;
  }

  Result pull(PullRequest request, Sink sink, Progress progress) {
    // 1 + AHEAD batches asked for at the start, one more for each taken: at most that many wait in the inbox.
    StreamInbox<PullRequest, PullBatch> inbox = new StreamInbox<>(1 + AHEAD, false,
        stream -> stream.disableAutoRequestWithInitial(1 + AHEAD));
    link.async().pull(request, inbox);
    ClientCallStreamObserver<PullRequest> call = inbox.call();
    Tally tally = new Tally();
    PullBatch last = null;
    long done = 0;
    try {
      while (true) {
        StreamInbox.Event<PullBatch> event = inbox.poll(hub.idleTimeout().toMillis());
        if (event.kind() == StreamInbox.Kind.TIMED_OUT) {
          call.cancel("idle timeout", null);
          throw new OutpostException(ErrorCode.TIMEOUT,
              "the hub sent nothing for " + hub.idleTimeout().toSeconds() + " s during pull");
        }
        if (event.kind() == StreamInbox.Kind.COMPLETED) {
          break;
        }
        PullBatch batch = event.answer();
        if (!batch.getLast()) {
          call.request(1); // keep AHEAD batches coming while this one is applied
        }
        List<RemoteRecord> records = batch.getRecordsList().stream().map(WireMapping::record).toList();
        tally.addAll(sink.apply(records, batch.getCursorAfter()));
        done += records.size();
        progress.update(done, done + batch.getRemaining());
        last = batch; // after the last batch the hub completes the call
        if (!batch.getLast() && stopRequested.getAsBoolean()) {
          call.cancel("the edge node is stopping", null); // the applied batch and its cursor are committed
          throw RunTracker.stopping();
        }
      }
    } catch (InterruptedException | RuntimeException e) {
      throw inbox.abandon(e, "pull");
    }
    return new Result(tally, last);
  }

  /** Receives done/total as batches land. */
  interface Progress {
    void update(long done, long total);
  }
}
