package outpost.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import outpost.hub.store.HubStore;
import outpost.proto.v1.Change;
import outpost.proto.v1.ChangeResult;
import outpost.proto.v1.Op;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.ResultStatus;
import outpost.proto.v1.SyncGrpc;

/**
 * Push from many edges at once (issue 6): EDGES sites push RECORDS records between them, in batches of 500 as
 * the edge does, all at the same time, into one hub. The pushers are wire-level clients in one child JVM
 * ({@link #main}); the hub runs in this JVM.
 */
public final class ManyEdgesPush {
  record Options(int edges, int records, String storeName, Path work) {}

  static final int BATCH = 500;

  private ManyEdgesPush() {}

  static JsonObject run(Vertx vertx, HubStore store, Options o) {
    JsonObject out;
    try (HeapWatch heap = new HeapWatch(); BenchHub hub = new BenchHub(vertx, store, BenchHub.syncCatalog())) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < o.edges(); i++) {
        ids.add(String.format("edge-%02d", i));
      }
      String token = hub.addSites(ids);
      try (Child pushers = new Child(ManyEdgesPush.class.getName(), List.of("-Xmx512m"),
          List.of(hub.address(), token, Integer.toString(o.edges()), Integer.toString(o.records())),
          o.work().resolve("pushers.log"))) {
        out = pushers.call("run");
      }
      out.put("store", o.storeName()).put("hubHeapPeakMib", heap.peakUsedMib());
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    String hub = args[0];
    String token = args[1];
    int edges = Integer.parseInt(args[2]);
    int records = Integer.parseInt(args[3]);
    ResultLines.answerEach(() -> push(hub, token, edges, records));
  }

  private static JsonObject push(String hub, String token, int edges, int records) throws InterruptedException {
    List<ManagedChannel> channels = new ArrayList<>();
    List<List<PushBatch>> work = new ArrayList<>();
    Random random = new Random(5);
    for (int e = 0; e < edges; e++) {
      String site = String.format("edge-%02d", e);
      List<PushBatch> batches = new ArrayList<>();
      int share = records / edges + (e < records % edges ? 1 : 0);
      long seq = 0;
      for (int i = 0; i < share; i += BATCH) {
        PushBatch.Builder b = PushBatch.newBuilder().setBatchNo(batches.size() + 1).setSyncId("bench-" + site);
        for (int j = i; j < Math.min(share, i + BATCH); j++) {
          JsonObject data = Bench.record(random, j);
          b.addChanges(Change.newBuilder().setOriginSeq(++seq).setCollection(Bench.collection(j / 1000))
              .setId(Bench.uuid(random)).setOp(Op.PUT).setData(ByteString.copyFromUtf8(data.encode()))
              .addAllChangedFields(data.fieldNames()).setWrittenAtMillis(System.currentTimeMillis()));
        }
        batches.add(b.build());
      }
      work.add(batches);
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("x-outpost-site", Metadata.ASCII_STRING_MARSHALLER), site);
      headers.put(Metadata.Key.of("x-outpost-token", Metadata.ASCII_STRING_MARSHALLER), token);
      headers.put(Metadata.Key.of("x-outpost-protocol", Metadata.ASCII_STRING_MARSHALLER), "1");
      channels.add(NettyChannelBuilder.forTarget(hub).usePlaintext().intercept(
          MetadataUtils.newAttachHeadersInterceptor(headers)).build());
    }
    CountDownLatch done = new CountDownLatch(edges);
    AtomicLong applied = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long t0 = System.nanoTime();
    for (int e = 0; e < edges; e++) {
      stream(SyncGrpc.newStub(channels.get(e)), work.get(e), applied, errors, firstError, done);
    }
    boolean finished = done.await(30, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    channels.forEach(ManagedChannel::shutdownNow);
    return new JsonObject().put("edges", edges).put("records", records).put("applied", applied.get())
        .put("errors", errors.get() + (finished ? 0 : 1)).put("firstError", firstError.get())
        .put("seconds", seconds).put("recordsPerSec", applied.get() / seconds);
  }

  /** One edge's push: a batch goes out when the previous one is acknowledged (the hub acks one at a time). */
  private static void stream(SyncGrpc.SyncStub stub, List<PushBatch> batches, AtomicLong applied, AtomicLong errors,
      AtomicReference<String> firstError, CountDownLatch done) {
    AtomicReference<ClientCallStreamObserver<PushBatch>> out = new AtomicReference<>();
    int[] next = {0};
    StreamObserver<PushBatch> requests = stub.push(new ClientResponseObserver<PushBatch, PushAck>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<PushBatch> requests) {
        out.set(requests);
      }

      @Override
      public void onNext(PushAck ack) {
        for (ChangeResult r : ack.getResultsList()) {
          if (r.getStatus() == ResultStatus.APPLIED) {
            applied.incrementAndGet();
          } else {
            errors.incrementAndGet();
            firstError.compareAndSet(null, r.getStatus() + " " + r.getCode() + " " + r.getReason());
          }
        }
        synchronized (next) {
          if (next[0] < batches.size()) {
            out.get().onNext(batches.get(next[0]++));
          } else {
            out.get().onCompleted();
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, t.toString());
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    });
    synchronized (next) {
      requests.onNext(batches.get(next[0]++));
    }
  }
}
