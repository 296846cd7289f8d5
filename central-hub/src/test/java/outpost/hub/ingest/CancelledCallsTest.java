package outpost.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import outpost.proto.v1.Change;
import outpost.proto.v1.ChangeResult;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.ResultStatus;
import outpost.proto.v1.SyncGrpc;

/**
 * An edge that cancels its calls while the hub's store is still working on them (a batch being applied, a page
 * being read): on both stores, no exception escapes a call's tasks, no change is applied twice, and every call
 * ends exactly once (its open-call count returns to zero, its run part is filed once).
 */
class CancelledCallsTest {
  private static final int ROUNDS = 40;
  private static final int BATCH = 50;

  @TempDir
  Path dir;
  HubOnStore stored;
  ManagedChannel channel;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final Logger ingestLog = (Logger) LoggerFactory.getLogger("outpost.hub.ingest");

  @AfterEach
  void stop() throws Exception {
    ingestLog.detachAppender(log);
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (stored != null) {
      stored.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void callsCancelledWhileTheStoreWorksEndOnceAndApplyNothingTwice(String store) throws Exception {
    stored = HubOnStore.start(dir, store);
    TestHub hub = stored.hub;
    String token = hub.addSite("clinic-a");
    channel = hub.channel();
    log.start();
    ingestLog.addAppender(log);
    SyncGrpc.SyncStub stub = TestHub.async(channel, "clinic-a", token);

    List<List<Change>> batches = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      List<Change> batch = new ArrayList<>();
      for (int i = 1; i <= BATCH; i++) {
        long seq = (long) r * BATCH + i;
        batch.add(PushClient.put(seq, "notes", "n" + seq, new JsonObject().put("a", seq)));
      }
      batches.add(batch);
      // A pull and a push at once, each cancelled at a random instant: before, during or after the store's work.
      CountDownLatch ended = new CountDownLatch(2);
      pullAndCancel(stub, "cancel-pull-" + r, ended);
      pushAndCancel(stub, "cancel-push-" + r, batch, ended);
      assertTrue(ended.await(20, TimeUnit.SECONDS), "the client heard the end of both calls of round " + r);
    }

    // Every change, sent again on a call that runs to its end: each is applied at most once in all.
    List<PushAck> acks = PushClient.push(stub, batches);
    long resent = acks.stream().flatMap(a -> a.getResultsList().stream()).map(ChangeResult::getStatus)
        .filter(s -> s == ResultStatus.DUPLICATE).count();
    long appliedNow = acks.stream().flatMap(a -> a.getResultsList().stream()).map(ChangeResult::getStatus)
        .filter(s -> s == ResultStatus.APPLIED).count();
    assertEquals((long) ROUNDS * BATCH, resent + appliedNow, "every change answered APPLIED or DUPLICATE");
    assertEquals((long) ROUNDS * BATCH, hub.server.store().head().await(10, TimeUnit.SECONDS),
        "one hub sequence number per change: none applied twice");

    // Each call closed the site's open-call count exactly once: a count closed twice would hide the held call
    // (the site shows as not connected), one never closed would keep the site connected after it.
    StreamObserver<PushBatch> held = stub.push(new Ending<PushBatch, PushAck>(new CountDownLatch(1)));
    try {
      waitFor(() -> connected(hub) == 1, "the site shows connected while one call is held open");
    } finally {
      held.onCompleted();
    }
    waitFor(() -> connected(hub) == 0, "every call closed");
    var runs = new JsonObject(hub.admin("GET", "/api/sync/runs?site=clinic-a&limit=500", null).body())
        .getJsonArray("items");
    for (Object o : runs) {
      JsonObject run = (JsonObject) o;
      assertTrue(run.getLong("pushed", 0L) <= BATCH || !run.getString("id").startsWith("cancel-"),
          "a cancelled push filed once: " + run.encode());
      assertTrue(run.getLong("pulled", 0L) <= (long) ROUNDS * BATCH, "a cancelled pull filed once: " + run.encode());
    }
    List<ILoggingEvent> errors = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).toList();
    assertEquals(List.of(), errors.stream().map(ILoggingEvent::getFormattedMessage).toList(),
        "no exception escaped a call's tasks");
  }

  private static void pushAndCancel(SyncGrpc.SyncStub stub, String syncId, List<Change> batch, CountDownLatch ended) {
    Ending<PushBatch, PushAck> call = new Ending<>(ended);
    stub.push(call);
    call.started.onNext(PushBatch.newBuilder().setBatchNo(1).setSyncId(syncId).addAllChanges(batch).build());
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(3_000_000)); // a random instant of the apply
    call.started.cancel("the edge goes away", null);
  }

  private static void pullAndCancel(SyncGrpc.SyncStub stub, String syncId, CountDownLatch ended) {
    long delayNanos = ThreadLocalRandom.current().nextLong(3_000_000);
    Ending<PullRequest, PullBatch> call = new Ending<>(ended);
    stub.pull(PullRequest.newBuilder().setCursor(0).setBatchSize(7).setSyncId(syncId).build(), call);
    // Cancelled from another thread, as an edge's run stopping would, while the hub reads or sends pages.
    Thread cancel = new Thread(() -> {
      LockSupport.parkNanos(delayNanos);
      call.started.cancel("the edge goes away", null);
    });
    cancel.setDaemon(true);
    cancel.start();
  }

  private static double connected(TestHub hub) {
    return hub.server.metrics().registry().get("outpost.hub.sites.connected").gauge().value();
  }

  private static void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** A client call that ignores what it receives and counts its end down once. */
  private static final class Ending<ReqT, RespT> implements ClientResponseObserver<ReqT, RespT> {
    private final CountDownLatch ended;
    private final AtomicInteger ends = new AtomicInteger();
    volatile ClientCallStreamObserver<ReqT> started;

    Ending(CountDownLatch ended) {
      this.ended = ended;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ReqT> call) {
      started = call;
    }

    @Override
    public void onNext(RespT value) {}

    @Override
    public void onError(Throwable t) {
      end();
    }

    @Override
    public void onCompleted() {
      end();
    }

    private void end() {
      if (ends.incrementAndGet() == 1) {
        ended.countDown();
      }
    }
  }
}
