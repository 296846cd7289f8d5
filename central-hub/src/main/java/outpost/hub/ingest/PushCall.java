package outpost.hub.ingest;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.common.error.ErrorCode;
import outpost.hub.grpc.GrpcErrors;
import outpost.hub.metrics.HubMetrics;
import outpost.common.sync.ChangeOutcome;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.RunItem;
import outpost.proto.v1.Change;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;

/**
 * One Push call. Exactly one batch is requested, applied and acknowledged at a time: the next batch is
 * requested only after the ack was sent and the call can take more output, so neither side buffers
 * without bound. Inbound callbacks come on the call's gRPC executor, store completions on store threads;
 * each is handed to the call's {@link SerialExecutor}, so every piece of state and every outbound call is
 * touched by one task at a time, in order, and no lock is held.
 */
final class PushCall implements StreamObserver<PushBatch> {
  private static final Logger LOG = LoggerFactory.getLogger(PushCall.class);

  private final String site;
  private final HubStore store;
  private final HubMetrics metrics;
  private final RunRecorder recorder;
  private final ServerCallStreamObserver<PushAck> out;
  private final int maxChanges;
  private final Runnable closeGauge;
  private final long startedAt = System.currentTimeMillis();
  private final SerialExecutor serial = SerialExecutor.forCall(this::broke);

  private boolean applying;
  private boolean halfClosed;
  private boolean finished;
  private boolean wantMore;
  private String syncId = "";
  private long pushed;
  private long applied;
  private long conflicts;
  private long rejected;
  private long duplicates;
  /** Changes per collection, and those refused or in conflict: the run's detail on the hub (docs/web-view.md). */
  private final Map<String, Long> counts = new TreeMap<>();
  private final List<RunItem> items = new ArrayList<>();
  /** Changes refused with ORIGIN_REUSED: the run's error names them for the hub operator. */
  private long reused;

  PushCall(String site, HubStore store, HubMetrics metrics, RunRecorder recorder,
      ServerCallStreamObserver<PushAck> out, int maxChanges) {
    this.site = site;
    this.store = store;
    this.metrics = metrics;
    this.recorder = recorder;
    this.out = out;
    this.maxChanges = maxChanges;
    this.closeGauge = metrics.callOpened(site);
    out.disableAutoRequest();
    out.setOnCancelHandler(() -> serial.execute(this::cancelled));
    out.setOnReadyHandler(() -> serial.execute(this::onReady));
  }

  void start() {
    serial.execute(() -> out.request(1));
  }

  @Override
  public void onNext(PushBatch batch) {
    serial.execute(() -> apply(batch));
  }

  private void apply(PushBatch batch) {
    if (finished) {
      return;
    }
    if (batch.getChangesCount() > maxChanges) {
      fail(GrpcErrors.exception(ErrorCode.BAD_REQUEST, "batch " + batch.getBatchNo() + " has "
          + batch.getChangesCount() + " changes; at most " + maxChanges + " are allowed"));
      return;
    }
    if (syncId.isEmpty()) {
      syncId = RunRecorder.syncIdOr(batch.getSyncId());
    }
    applying = true;
    pushed += batch.getChangesCount();
    List<IncomingChange> valid = new ArrayList<>(batch.getChangesCount());
    ChangeOutcome[] outcomes = new ChangeOutcome[batch.getChangesCount()];
    for (int i = 0; i < batch.getChangesCount(); i++) {
      Change change = batch.getChanges(i);
      ProtoMapping.Mapped mapped = ProtoMapping.incoming(change);
      if (mapped.change() != null) {
        valid.add(mapped.change());
      } else {
        outcomes[i] = mapped.rejection();
      }
    }
    var applied = valid.isEmpty()
        ? io.vertx.core.Future.succeededFuture(List.<ChangeOutcome>of())
        : metrics.timed("applyBatch", store.applyBatch(site, syncId, valid));
    applied.onComplete(ar -> serial.execute(() -> acknowledge(batch, outcomes, valid, ar)));
  }

  private void acknowledge(PushBatch batch, ChangeOutcome[] outcomes, List<IncomingChange> valid,
      AsyncResult<List<ChangeOutcome>> ar) {
    long batchNo = batch.getBatchNo();
    applying = false;
    if (ar.failed()) {
      if (finished) {
        finishIfDone();
        return;
      }
      LOG.warn("push batch {} of site {} failed: {}", batchNo, site, ar.cause().toString());
      fail(GrpcErrors.toException(ar.cause()));
      return;
    }
    // Counted even when the edge has gone: the batch is committed, and the metrics and the run log
    // must show every change the store processed (the re-send will be counted as DUPLICATE).
    PushAck.Builder ack = PushAck.newBuilder().setBatchNo(batchNo);
    int next = 0;
    long reusedBefore = reused;
    for (int i = 0; i < outcomes.length; i++) {
      ChangeOutcome outcome = outcomes[i];
      JsonObject sent = outcome != null ? null : valid.get(next).data();
      ChangeOutcome o = outcome != null ? outcome : ar.result().get(next++);
      count(o);
      note(batch.getChanges(i), o);
      ack.addResults(ProtoMapping.result(o, sent));
    }
    if (reused > reusedBefore) {
      LOG.warn("site {} sent {} changes under origin sequences it already used for different changes (batch {},"
          + " sync {}): another device sends as this site (a cloned data folder or a restored backup); they were"
          + " refused with ORIGIN_REUSED", site, reused - reusedBefore, batchNo, syncId);
    }
    if (finished) {
      finishIfDone(); // cancelled while the batch was applied: it is committed, but nobody hears the ack
      return;
    }
    out.onNext(ack.build());
    if (halfClosed) {
      complete();
    } else if (out.isReady()) {
      out.request(1);
    } else {
      wantMore = true; // onReady asks for the next batch once the ack has drained
    }
  }

  private void count(ChangeOutcome o) {
    metrics.ingested(o.status().name(), 1);
    switch (o.status()) {
      case APPLIED, MERGED -> applied++;
      case CONFLICT -> conflicts++;
      case REJECTED -> {
        rejected++;
        metrics.rejected(o.code(), 1);
        if (ErrorCode.ORIGIN_REUSED.name().equals(o.code())) {
          reused++;
        }
      }
      case DUPLICATE -> duplicates++;
    }
  }

  /** Adds a change to the run's detail: its collection's count, and the change itself when it did not apply. */
  private void note(Change change, ChangeOutcome o) {
    counts.merge(HubRun.countKey("push", change.getCollection()), 1L, Long::sum);
    if ((o.status() == ChangeOutcome.Status.REJECTED || o.status() == ChangeOutcome.Status.CONFLICT)
        && items.size() < HubRun.MAX_ITEMS) {
      items.add(new RunItem(change.getCollection(), change.getId(), "push", o.status().name(),
          o.status() == ChangeOutcome.Status.CONFLICT ? ErrorCode.CONFLICT.name() : o.code(), o.reason(),
          o.conflictFields()));
    }
  }

  private void onReady() {
    if (wantMore && !finished && out.isReady()) {
      wantMore = false;
      out.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    serial.execute(this::cancelled);
  }

  @Override
  public void onCompleted() {
    serial.execute(this::halfClosed);
  }

  private void halfClosed() {
    halfClosed = true;
    if (!applying && !finished) {
      complete();
    }
  }

  private void cancelled() {
    if (!finished) {
      finished = true;
      finishIfDone();
    }
  }

  private void complete() {
    finished = true;
    // The run's record first: an edge that saw its run end may confirm it at once (ReportRun).
    record(conflicts + rejected > 0 ? "PARTIAL" : "COMPLETE", reused == 0 ? ""
        : ErrorCode.ORIGIN_REUSED.name() + ": " + reused + " changes came under origin sequences this site had"
            + " already used for different changes (a cloned or restored device sends as the site); they were"
            + " refused, not applied (docs/operations.md)").onComplete(filed -> Closing.complete(out));
  }

  private void fail(StatusRuntimeException error) {
    finished = true;
    out.onError(error);
    record("FAILED", error.getStatus().getDescription());
  }

  private void finishIfDone() {
    if (!applying) {
      record("FAILED", "CONNECTION_ERROR: the edge cancelled the push");
    }
  }

  /** A task of this call threw (a defect): the call fails, so that the edge retries instead of waiting. */
  private void broke(Throwable t) {
    LOG.error("push call of site {} failed", site, t);
    if (finished) {
      return;
    }
    StatusRuntimeException error = GrpcErrors.toException(t);
    try {
      fail(error);
    } catch (RuntimeException e) {
      LOG.error("could not fail the push call of site {}", site, e);
      record("FAILED", error.getStatus().getDescription());
    }
  }

  private boolean recorded;

  private io.vertx.core.Future<Void> record(String status, String error) {
    if (recorded) {
      return io.vertx.core.Future.succeededFuture();
    }
    recorded = true;
    closeGauge.run();
    if (pushed == 0 && syncId.isEmpty()) {
      return io.vertx.core.Future.succeededFuture(); // an empty call: nothing to file
    }
    return recorder.record(new HubRun(RunRecorder.syncIdOr(syncId), site, startedAt, System.currentTimeMillis(), status,
        pushed, applied, conflicts, rejected, duplicates, 0, error, counts, items), null);
  }
}
