package outpost.hub.ingest;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.hub.grpc.GrpcErrors;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;
import outpost.hub.store.PullPage;
import outpost.proto.v1.PullBatch;

/**
 * One Pull call: reads a page only while the call is ready and no read is in flight, sends it, and
 * continues from the page's cursor, so at most one page is held in memory. A page is sent as several
 * messages when it would not fit in the edge's maximum message size, and the next page asks for fewer
 * records when records are large, so a page stays about one message. Store completions, onReady and
 * cancellation come on different threads; each is handed to the call's {@link SerialExecutor}, so state and
 * outbound calls are touched by one task at a time, in order, and no lock is held.
 */
final class PullCall {
  private static final Logger LOG = LoggerFactory.getLogger(PullCall.class);

  private final String site;
  private final HubStore store;
  private final HubMetrics metrics;
  private final RunRecorder recorder;
  private final ServerCallStreamObserver<PullBatch> out;
  private final Set<String> collections;
  private final int batchSize;
  private final int maxMessageBytes;
  private final String syncId;
  /** The edge's push position: its own unmerged changes at or below it are not sent back (HubStore#pull). */
  private final long acknowledgedSeq;
  private final Runnable closeGauge;
  private final long startedAt = System.currentTimeMillis();
  private final SerialExecutor serial = SerialExecutor.forCall(this::broke);

  private long cursor;
  /**
   * The store's {@link HubStore#pullFloor()} for this call, read before the first page; 0 from the start when
   * pulls read the copy that is written, which needs no floor.
   */
  private Long floor;
  private int limit;
  private long pulled;
  /** Records sent per collection, for the run's detail and the collection filter of GET /api/sync/runs. */
  private final java.util.Map<String, Long> counts = new java.util.TreeMap<>();
  private boolean reading;
  private boolean finished;

  PullCall(String site, HubStore store, HubMetrics metrics, RunRecorder recorder,
      ServerCallStreamObserver<PullBatch> out, Set<String> collections, long cursor, int batchSize,
      int maxMessageBytes, String syncId, long acknowledgedSeq) {
    this.site = site;
    this.store = store;
    this.metrics = metrics;
    this.recorder = recorder;
    this.out = out;
    this.collections = Set.copyOf(collections);
    this.cursor = cursor;
    this.batchSize = batchSize;
    this.limit = batchSize;
    this.maxMessageBytes = maxMessageBytes;
    this.syncId = syncId;
    this.acknowledgedSeq = acknowledgedSeq;
    this.floor = store.pullsFromReplica() ? null : 0L;
    this.closeGauge = metrics.callOpened(site);
    out.setOnReadyHandler(this::pump);
    out.setOnCancelHandler(() -> serial.execute(this::cancelled));
  }

  /** Starts sending pages, or resumes when the call is ready again. */
  void pump() {
    serial.execute(this::readWhileReady);
  }

  /** Sends pages while the call is ready; a page that completes at once is handled in this loop. */
  private void readWhileReady() {
    while (!finished && !reading && out.isReady()) {
      reading = true;
      if (floor == null) {
        store.pullFloor().onComplete(ar -> serial.execute(() -> floorRead(ar))); // once, before the first page
        return;
      }
      Future<PullPage> page =
          metrics.timed("pull", store.pull(site, collections, cursor, limit, acknowledgedSeq, floor));
      if (!page.isComplete()) {
        page.onComplete(ar -> serial.execute(() -> {
          if (send(ar)) {
            readWhileReady();
          }
        }));
        return;
      }
      if (!send(page)) {
        return;
      }
    }
  }

  private void floorRead(AsyncResult<Long> ar) {
    if (ar.failed()) {
      send(Future.failedFuture(ar.cause()));
      return;
    }
    floor = ar.result();
    reading = false;
    readWhileReady();
  }

  /** Sends one page; answers whether to keep pumping. */
  private boolean send(AsyncResult<PullPage> ar) {
    reading = false;
    if (finished) {
      return false;
    }
    if (ar.failed()) {
      LOG.warn("pull of site {} failed at cursor {}: {}", site, cursor, ar.cause().toString());
      finished = true;
      StatusRuntimeException error = GrpcErrors.toException(ar.cause());
      out.onError(error);
      finish("FAILED", error.getStatus().getDescription(), null);
      return false;
    }
    PullPage page = ar.result();
    long bytes = 0;
    for (PullBatch batch : ProtoMapping.batches(page, maxMessageBytes)) {
      out.onNext(batch);
      bytes += batch.getSerializedSize();
    }
    if (!page.records().isEmpty()) {
      long perRecord = Math.max(1, bytes / page.records().size());
      limit = (int) Math.max(1, Math.min(batchSize, (maxMessageBytes - ProtoMapping.ENVELOPE_BYTES) / perRecord));
    }
    pulled += page.records().size();
    for (var record : page.records()) {
      counts.merge(HubRun.countKey("pull", record.collection()), 1L, Long::sum);
    }
    metrics.served(page.records().size());
    cursor = Math.max(cursor, page.cursorAfter());
    if (page.last()) {
      metrics.siteLag(site, page.remaining()); // fresh at once; HubServer recomputes it every ~30 s
      finished = true;
      // The run's record first: an edge that saw the pull end may confirm the run at once (ReportRun).
      finish("COMPLETE", "", cursor).onComplete(filed -> Closing.complete(out));
      return false;
    }
    return true;
  }

  private void cancelled() {
    if (!finished) {
      finished = true;
      finish("FAILED", "CONNECTION_ERROR: the edge cancelled the pull", null);
    }
  }

  /** A task of this call threw (a defect): the call fails, so that the edge retries instead of waiting. */
  private void broke(Throwable t) {
    LOG.error("pull call of site {} failed", site, t);
    if (finished) {
      return;
    }
    finished = true;
    StatusRuntimeException error = GrpcErrors.toException(t);
    try {
      out.onError(error);
    } catch (RuntimeException e) {
      LOG.error("could not fail the pull call of site {}", site, e);
    }
    finish("FAILED", error.getStatus().getDescription(), null);
  }

  private Future<Void> finish(String status, String error, Long pullCursor) {
    closeGauge.run();
    long now = System.currentTimeMillis();
    return recorder.record(new HubRun(syncId, site, startedAt, now, status, 0, 0, 0, 0, 0, pulled, error,
        counts, java.util.List.of()), pullCursor);
  }
}
