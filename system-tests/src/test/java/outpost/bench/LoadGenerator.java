package outpost.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import outpost.proto.v1.Change;
import outpost.proto.v1.ChangeResult;
import outpost.proto.v1.HelloReply;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.Op;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.ResultStatus;
import outpost.proto.v1.SyncGrpc;

/**
 * The many-sites load generator, a child JVM: one gRPC connection per simulated edge, each with its own
 * site credentials, driven through the async stubs. Arguments: HUB TOKEN SITES CHANGES. On {@code run}, all
 * connections are opened and said hello to first (not timed); then every site's client starts at once and does
 * what an edge's cycle does on the wire: push CHANGES new records of its site-scoped collection in one
 * batch, then pull its whole scope from cursor 0, one batch at a time (manual flow control).
 */
public final class LoadGenerator {
  private static final Metadata.Key<String> SITE = Metadata.Key.of("x-outpost-site", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> TOKEN = Metadata.Key.of("x-outpost-token", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PROTOCOL =
      Metadata.Key.of("x-outpost-protocol", Metadata.ASCII_STRING_MARSHALLER);

  private LoadGenerator() {}

  /** One simulated edge. */
  private static final class Session {
    final String site;
    final ManagedChannel channel;
    final SyncGrpc.SyncStub stub;
    long startedNanos;
    volatile long pushedNanos;
    volatile long finishedNanos;
    volatile long pulled;
    volatile String error;

    Session(String hub, String site, String token) {
      this.site = site;
      Metadata headers = new Metadata();
      headers.put(SITE, site);
      headers.put(TOKEN, token);
      headers.put(PROTOCOL, "1");
      this.channel = NettyChannelBuilder.forTarget(hub).usePlaintext().maxInboundMessageSize(64 << 20).build();
      this.stub = SyncGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
  }

  public static void main(String[] args) throws Exception {
    String hub = args[0];
    String token = args[1];
    int sites = Integer.parseInt(args[2]);
    int changes = Integer.parseInt(args[3]);
    ResultLines.answerEach(() -> run(hub, token, sites, changes));
  }

  public static String siteName(int i) {
    return String.format("site-%05d", i);
  }

  private static JsonObject run(String hub, String token, int sites, int changes) throws InterruptedException {
    List<Session> sessions = new ArrayList<>(sites);
    for (int i = 0; i < sites; i++) {
      sessions.add(new Session(hub, siteName(i), token));
    }
    long connectStarted = System.nanoTime();
    AtomicInteger helloErrors = new AtomicInteger();
    Semaphore connecting = new Semaphore(200);
    CountDownLatch hellos = new CountDownLatch(sites);
    for (Session s : sessions) {
      connecting.acquire();
      s.stub.hello(HelloRequest.newBuilder().setNodeVersion("bench").build(), new StreamObserver<HelloReply>() {
        @Override
        public void onNext(HelloReply value) {}

        @Override
        public void onError(Throwable t) {
          helloErrors.incrementAndGet();
          s.error = "hello: " + t;
          connecting.release();
          hellos.countDown();
        }

        @Override
        public void onCompleted() {
          connecting.release();
          hellos.countDown();
        }
      });
    }
    hellos.await(10, TimeUnit.MINUTES);
    double connectMs = (System.nanoTime() - connectStarted) / 1e6;

    List<PushBatch> batches = new ArrayList<>(sites);
    Random random = new Random(11);
    for (Session s : sessions) {
      PushBatch.Builder batch = PushBatch.newBuilder().setBatchNo(1).setSyncId(java.util.UUID.randomUUID().toString());
      for (int c = 1; c <= changes; c++) {
        JsonObject data = Bench.record(random, c);
        batch.addChanges(Change.newBuilder().setOriginSeq(c).setCollection("readings").setId(Bench.uuid(random))
            .setOp(Op.PUT).setData(ByteString.copyFromUtf8(data.encode())).addAllChangedFields(data.fieldNames())
            .setOwner(s.site).setWrittenAtMillis(System.currentTimeMillis()));
      }
      batches.add(batch.build());
    }
    CountDownLatch done = new CountDownLatch(sites);
    AtomicLong applied = new AtomicLong();
    long t0 = System.nanoTime();
    for (int i = 0; i < sites; i++) {
      Session s = sessions.get(i);
      if (s.error != null) {
        done.countDown();
        continue;
      }
      s.startedNanos = System.nanoTime();
      push(s, batches.get(i), applied, done);
    }
    boolean finished = done.await(30, TimeUnit.MINUTES);
    double wallMs = (System.nanoTime() - t0) / 1e6;
    long lastPush = sessions.stream().mapToLong(s -> s.pushedNanos).max().orElse(t0);
    long[] cycles = sessions.stream().filter(s -> s.error == null && s.finishedNanos > 0)
        .mapToLong(s -> s.finishedNanos - s.startedNanos).sorted().toArray();
    List<String> errors = sessions.stream().filter(s -> s.error != null).map(s -> s.site + ": " + s.error).toList();
    for (Session s : sessions) {
      s.channel.shutdownNow();
    }
    long pulled = sessions.stream().mapToLong(s -> s.pulled).sum();
    return new JsonObject().put("sites", sites).put("changesPerSite", changes).put("finished", finished)
        .put("connectMs", connectMs).put("wallMs", wallMs).put("errors", errors.size() + (finished ? 0 : 1))
        .put("firstErrors", errors.subList(0, Math.min(5, errors.size())))
        .put("applied", applied.get()).put("pulled", pulled)
        .put("ingestPerSec", applied.get() / Math.max(1e-9, (lastPush - t0) / 1e9))
        .put("p50Ms", percentile(cycles, 50)).put("p90Ms", percentile(cycles, 90))
        .put("p99Ms", percentile(cycles, 99)).put("maxMs", percentile(cycles, 100));
  }

  private static double percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private static void push(Session s, PushBatch batch, AtomicLong applied, CountDownLatch done) {
    StreamObserver<PushBatch> requests = s.stub.push(new StreamObserver<PushAck>() {
      @Override
      public void onNext(PushAck ack) {
        for (ChangeResult r : ack.getResultsList()) {
          if (r.getStatus() == ResultStatus.APPLIED) {
            applied.incrementAndGet();
          } else {
            s.error = "push result " + r.getStatus() + " " + r.getCode() + " " + r.getReason();
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        s.error = "push: " + t;
        done.countDown();
      }

      @Override
      public void onCompleted() {
        s.pushedNanos = System.nanoTime();
        pull(s, done);
      }
    });
    requests.onNext(batch);
    requests.onCompleted();
  }

  private static void pull(Session s, CountDownLatch done) {
    PullRequest request = PullRequest.newBuilder().setCursor(0).setBatchSize(500)
        .addAllCollections(Arrays.asList("catalog", "readings")).setSyncId("bench").build();
    AtomicReference<ClientCallStreamObserver<PullRequest>> call = new AtomicReference<>();
    s.stub.pull(request, new ClientResponseObserver<PullRequest, PullBatch>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<PullRequest> stream) {
        call.set(stream);
        stream.disableAutoRequestWithInitial(1);
      }

      @Override
      public void onNext(PullBatch batch) {
        s.pulled += batch.getRecordsCount();
        if (!batch.getLast()) {
          call.get().request(1);
        }
      }

      @Override
      public void onError(Throwable t) {
        s.error = "pull: " + t;
        done.countDown();
      }

      @Override
      public void onCompleted() {
        s.finishedNanos = System.nanoTime();
        done.countDown();
      }
    });
  }
}
