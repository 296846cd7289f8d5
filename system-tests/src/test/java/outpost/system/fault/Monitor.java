package outpost.system.fault;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.RecordState;
import outpost.proto.v1.SyncGrpc;

/**
 * Watches the hub's change feed through the whole simulation, as a site of its own (shared records
 * only), pulling from its cursor every 200 ms directly (not through a proxy). It sees every version a
 * shared record passes through unless several come between two looks, and flags what must never happen
 * whatever the faults: a head that goes back, one version number given to two different changes (a
 * committed change lost and its number reused), or one edge change (site, seq) at two versions (applied
 * twice).
 */
final class Monitor implements AutoCloseable {
  private static final Metadata.Key<String> SITE = Metadata.Key.of("x-outpost-site", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> TOKEN = Metadata.Key.of("x-outpost-token", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PROTOCOL =
      Metadata.Key.of("x-outpost-protocol", Metadata.ASCII_STRING_MARSHALLER);

  private final IntSupplier port;
  private final Metadata headers = new Metadata();
  private final Thread thread;
  private final List<String> violations = new ArrayList<>();
  private final Map<Long, String> byVersion = new HashMap<>();
  private final Map<String, Long> byChange = new HashMap<>();
  private volatile boolean stop;
  private long cursor;
  private long head;
  private long observed;
  private long looks;

  Monitor(IntSupplier port, String site, String token) {
    this.port = port;
    headers.put(SITE, site);
    headers.put(TOKEN, token);
    headers.put(PROTOCOL, "1");
    thread = new Thread(this::loop, "fault-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    // One channel per hub incarnation (each listens on a new port): a new connection every look cost more CPU than
    // the look itself.
    ManagedChannel channel = null;
    int channelPort = -1;
    while (!stop) {
      int p = port.getAsInt();
      if (p != channelPort) {
        if (channel != null) {
          channel.shutdownNow();
        }
        channel = NettyChannelBuilder.forAddress("127.0.0.1", p).usePlaintext().build();
        channelPort = p;
      }
      try {
        look(SyncGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
      } catch (StatusRuntimeException e) {
        // the hub is down or restarting: look again later
      }
      Cluster.pause(200);
    }
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  private void look(SyncGrpc.SyncBlockingStub stub) {
    long h = stub.withDeadlineAfter(3, TimeUnit.SECONDS).hello(HelloRequest.newBuilder().setNodeVersion("monitor")
        .build()).getHead();
    synchronized (this) {
      if (h < head) {
        violations.add("the hub's head went back from " + head + " to " + h);
      }
      head = Math.max(head, h);
      looks++;
    }
    Iterator<PullBatch> batches = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
        .pull(PullRequest.newBuilder().setCursor(cursor).setBatchSize(500).setSyncId("monitor").build());
    while (batches.hasNext()) {
      PullBatch batch = batches.next();
      synchronized (this) {
        batch.getRecordsList().forEach(this::observe);
        cursor = Math.max(cursor, batch.getCursorAfter());
      }
    }
  }

  private void observe(RecordState r) {
    observed++;
    String change = r.getOriginSite().isEmpty() ? "hub" : r.getOriginSite() + ":" + r.getOriginSeq();
    String content = r.getCollection() + "/" + r.getId() + " by " + change + " deleted=" + r.getDeleted() + " "
        + r.getData().toStringUtf8();
    String before = byVersion.putIfAbsent(r.getVersion(), content);
    if (before != null && !before.equals(content)) {
      violations.add("version " + r.getVersion() + " was first " + before + ", later " + content);
    }
    if (!r.getOriginSite().isEmpty()) {
      Long v = byChange.putIfAbsent(change + " " + r.getCollection() + "/" + r.getId(), r.getVersion());
      if (v != null && v != r.getVersion()) {
        violations.add("change " + change + " on " + r.getCollection() + "/" + r.getId() + " was seen at version "
            + v + " and again at " + r.getVersion() + " (applied twice)");
      }
    }
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized long observed() {
    return observed;
  }

  synchronized long looks() {
    return looks;
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops watching and waits for the last look to end. */
  void stop() {
    stop = true;
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
