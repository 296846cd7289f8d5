package outpost.edge.sync;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.LogEntry;
import outpost.edge.store.PushResult;
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
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final Semaphore ready = new Semaphore(0);

  PushSession(EdgeStore store, HubLink link, HubTarget hub, RunTracker run, int batchSize) {
    this.store = store;
    this.link = link;
    this.hub = hub;
    this.run = run;
    this.batchSize = batchSize;
  }

  private static final Object COMPLETED = new Object();

  Tally push() {
    Tally tally = new Tally();
    long total = store.pending(hub.name());
    long limitSeq = Await.result(store.lastSeq());
    run.step(hub.name(), "push", "RUNNING", 0, total);
    if (total == 0) {
      run.step(hub.name(), "push", "COMPLETE", 0, 0);
      return tally;
    }
    java.util.concurrent.atomic.AtomicReference<ClientCallStreamObserver<PushBatch>> requests =
        new java.util.concurrent.atomic.AtomicReference<>();
    link.async().push(new ClientResponseObserver<PushBatch, PushAck>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<PushBatch> stream) {
        requests.set(stream);
        stream.setOnReadyHandler(ready::release);
      }

      @Override
      public void onNext(PushAck ack) {
        inbox.add(ack);
      }

      @Override
      public void onError(Throwable t) {
        inbox.add(t);
      }

      @Override
      public void onCompleted() {
        inbox.add(COMPLETED);
      }
    });
    ClientCallStreamObserver<PushBatch> out = requests.get();
    long after = 0;
    long batchNo = 0;
    int inFlight = 0;
    long done = 0;
    boolean drained = false;
    boolean halfClosed = false;
    long progressAt = System.nanoTime();
    java.util.Map<Long, LogEntry> sent = new java.util.HashMap<>();
    try {
      while (true) {
        while (!drained && inFlight < WINDOW && out.isReady()) {
          List<LogEntry> entries = Await.result(store.readLog(hub.name(), after, batchSize)).stream()
              .filter(e -> e.seq() <= limitSeq).toList();
          if (entries.isEmpty()) {
            drained = true;
            break;
          }
          PushBatch.Builder batch = PushBatch.newBuilder().setBatchNo(++batchNo).setSyncId(run.id());
          entries.forEach(e -> {
            batch.addChanges(WireMapping.change(e));
            sent.put(e.seq(), e);
          });
          out.onNext(batch.build());
          after = entries.get(entries.size() - 1).seq();
          inFlight++;
          progressAt = System.nanoTime();
        }
        if (drained && inFlight == 0 && !halfClosed) {
          out.onCompleted();
          halfClosed = true;
        }
        Object message = inbox.poll(inFlight > 0 || halfClosed ? hub.idleTimeout().toMillis() : 50,
            TimeUnit.MILLISECONDS);
        if (message == null) {
          // Silent with batches in flight, or never ready to take one: either way no progress.
          if (inFlight > 0 || halfClosed || System.nanoTime() - progressAt > hub.idleTimeout().toNanos()) {
            out.cancel("idle timeout", null);
            throw new OutpostException(ErrorCode.TIMEOUT, "the hub sent nothing for "
                + hub.idleTimeout().toSeconds() + " s during push");
          }
          ready.tryAcquire(50, TimeUnit.MILLISECONDS);
          continue;
        }
        progressAt = System.nanoTime();
        if (message == COMPLETED) {
          break;
        }
        if (message instanceof Throwable t) {
          throw StatusMapping.from(t);
        }
        PushAck ack = (PushAck) message;
        List<PushResult> results = ack.getResultsList().stream().map(WireMapping::result).toList();
        Tally batchTally = Await.result(store.applyPushResults(hub.name(), run.id(), results));
        tally.addAll(batchTally);
        for (PushResult r : results) {
          LogEntry e = sent.remove(r.seq());
          if (e != null) {
            run.item(hub.name(), e.collection(), e.id(), "push", r.status().name(), r.code(), r.reason());
          }
        }
        inFlight--;
        done += results.size();
        run.step(hub.name(), "push", "RUNNING", done, Math.max(total, done));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.cancel("interrupted", e);
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "push interrupted", e);
    } catch (RuntimeException e) {
      out.cancel("push failed", e);
      throw e;
    }
    run.step(hub.name(), "push", "COMPLETE", done, Math.max(total, done));
    return tally;
  }
}
