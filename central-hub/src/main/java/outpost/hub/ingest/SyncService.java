package outpost.hub.ingest;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Set;
import outpost.common.error.ErrorCode;
import outpost.hub.auth.AuthInterceptor;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.hub.grpc.GrpcErrors;
import outpost.hub.metrics.HubMetrics;
import outpost.hub.store.HubStore;
import outpost.hub.store.SiteRecord;
import outpost.proto.v1.HelloReply;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.RunReport;
import outpost.proto.v1.RunReportReply;
import outpost.proto.v1.SyncGrpc;

/**
 * The hub side of the sync protocol (sync.proto). Runs behind {@link AuthInterceptor}, which has put
 * the authenticated site id in the gRPC context before any method here is called.
 */
public final class SyncService extends SyncGrpc.SyncImplBase {
  public static final int DEFAULT_PULL_BATCH = 500;
  public static final int MAX_PULL_BATCH = 5_000;
  public static final int MAX_PUSH_BATCH = 5_000;
  /** gRPC's default inbound limit: what a peer that does not state its limit is assumed to accept. */
  public static final int ASSUMED_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private final String hubId;
  private final int minProtocol;
  private final int maxProtocol;
  private final Catalog catalog;
  private final HubStore store;
  private final HubMetrics metrics;
  private final RunRecorder recorder;
  private final int maxMessageBytes;

  /**
   * @param maxMessageBytes the gRPC server's maximum inbound message size, told to edges in Hello so
   *     that their push batches fit; 0 when unknown (edges then assume gRPC's default)
   */
  public SyncService(String hubId, int minProtocol, int maxProtocol, Catalog catalog, HubStore store,
      HubMetrics metrics, int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
    this.hubId = hubId;
    this.minProtocol = minProtocol;
    this.maxProtocol = maxProtocol;
    this.catalog = catalog;
    this.store = store;
    this.metrics = metrics;
    this.recorder = new RunRecorder(store);
  }

  /** A service that does not tell edges its message limit (they assume gRPC's default of 4 MiB). */
  public SyncService(String hubId, int minProtocol, int maxProtocol, Catalog catalog, HubStore store,
      HubMetrics metrics) {
    this(hubId, minProtocol, maxProtocol, catalog, store, metrics, 0);
  }

  @Override
  public void hello(HelloRequest request, StreamObserver<HelloReply> out) {
    String site = site();
    if (request.hasReport()) {
      FleetReports.save(store, site, request.getReport());
    }
    if (request.hasLastRun()) {
      RunReports.applyLate(store, site, request.getLastRun());
    }
    Future<Long> head = metrics.timed("head", store.head());
    Future<Long> lastSeq = store.site(site).map(s -> s.map(SiteRecord::lastSeq).orElse(0L));
    Future.all(head, lastSeq).onComplete(ar -> {
      if (ar.failed()) {
        out.onError(GrpcErrors.toException(ar.cause()));
        return;
      }
      HelloReply.Builder reply = HelloReply.newBuilder().setHubId(hubId).setMinProtocol(minProtocol)
          .setMaxProtocol(maxProtocol).setHead(head.result()).setMaxMessageBytes(maxMessageBytes)
          .setLastOriginSeq(lastSeq.result());
      for (CollectionRule rule : catalog.all()) {
        reply.addCollections(ProtoMapping.rule(rule));
      }
      out.onNext(reply.build());
      out.onCompleted();
    });
  }

  @Override
  public StreamObserver<PushBatch> push(StreamObserver<PushAck> out) {
    PushCall call = new PushCall(site(), store, metrics, recorder, (ServerCallStreamObserver<PushAck>) out,
        MAX_PUSH_BATCH);
    call.start();
    return call;
  }

  @Override
  public void pull(PullRequest request, StreamObserver<PullBatch> out) {
    if (request.getCursor() < 0 || request.getBatchSize() < 0 || request.getMaxMessageBytes() < 0) {
      out.onError(GrpcErrors.exception(ErrorCode.BAD_REQUEST,
          "cursor, batch_size and max_message_bytes must not be negative"));
      return;
    }
    int batchSize = request.getBatchSize() == 0 ? DEFAULT_PULL_BATCH
        : Math.min(request.getBatchSize(), MAX_PULL_BATCH);
    Set<String> collections = new HashSet<>(request.getCollectionsList());
    int edgeMax = request.getMaxMessageBytes() > 0 ? request.getMaxMessageBytes() : ASSUMED_MAX_MESSAGE_BYTES;
    PullCall call = new PullCall(site(), store, metrics, recorder, (ServerCallStreamObserver<PullBatch>) out,
        collections, request.getCursor(), batchSize, edgeMax, RunRecorder.syncIdOr(request.getSyncId()),
        Math.max(0, request.getAcknowledgedSeq()));
    call.pump();
  }

  @Override
  public void reportRun(RunReport request, StreamObserver<RunReportReply> out) {
    RunReports.apply(store, site(), request, true).onComplete(ar -> {
      if (ar.failed()) {
        out.onError(ar.cause() instanceof StatusRuntimeException s ? s
            : GrpcErrors.toException(ar.cause()));
        return;
      }
      out.onNext(RunReportReply.getDefaultInstance());
      out.onCompleted();
    });
  }

  private static String site() {
    String site = AuthInterceptor.SITE_ID.get();
    if (site == null) {
      // Only reachable if the service was registered without the interceptor: refuse rather than guess.
      throw GrpcErrors.exception(ErrorCode.AUTH_ERROR, "no authenticated site");
    }
    return site;
  }
}
