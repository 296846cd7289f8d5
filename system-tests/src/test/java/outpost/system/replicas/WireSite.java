package outpost.system.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import outpost.common.ScopeDigest;
import outpost.proto.v1.Change;
import outpost.proto.v1.ChangeResult;
import outpost.proto.v1.CollectionDigest;
import outpost.proto.v1.Op;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.RecordState;
import outpost.proto.v1.ResultStatus;
import outpost.proto.v1.SyncGrpc;

/**
 * One simulated site on the wire, which checks what an edge relies on from every pull: each record is
 * above the cursor it was asked from, no version arrives twice, the cursor never moves backwards, and
 * the last page's digests equal the site's own state (what it pulled plus what its pushes were
 * acknowledged at), so a page read from a snapshot older than the site's own pushes fails at once.
 */
final class WireSite {
  private static final Metadata.Key<String> SITE = Metadata.Key.of("x-outpost-site", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> TOKEN = Metadata.Key.of("x-outpost-token", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PROTOCOL =
      Metadata.Key.of("x-outpost-protocol", Metadata.ASCII_STRING_MARSHALLER);

  final String site;
  private final Metadata headers = new Metadata();
  /** collection NUL id → the version this site holds. */
  final Map<String, Long> held = new HashMap<>();
  private final Set<Long> pulledVersions = new HashSet<>();
  private long cursor;
  private long originSeq;
  long pulledRecords;

  WireSite(String site, String token) {
    this.site = site;
    headers.put(SITE, site);
    headers.put(TOKEN, token);
    headers.put(PROTOCOL, "1");
  }

  long cursor() {
    return cursor;
  }

  /** Pushes {@code own} site-scoped patients and {@code shared} notes, all new ids; answers their versions. */
  List<Long> push(Channel hub, int own, int shared) throws Exception {
    PushBatch.Builder batch = PushBatch.newBuilder().setBatchNo(1).setSyncId(site + "-" + originSeq);
    List<String[]> keys = new ArrayList<>();
    for (int i = 0; i < own + shared; i++) {
      String collection = i < own ? "patients" : "notes";
      String id = site + "-" + collection + "-" + (originSeq + 1);
      JsonObject data = new JsonObject().put("by", site).put("n", originSeq + 1);
      batch.addChanges(Change.newBuilder().setOriginSeq(++originSeq).setCollection(collection).setId(id)
          .setOp(Op.PUT).setData(ByteString.copyFromUtf8(data.encode())).addAllChangedFields(data.fieldNames())
          .setOwner(i < own ? site : "").setWrittenAtMillis(System.currentTimeMillis()));
      keys.add(new String[] {collection, id});
    }
    CompletableFuture<List<ChangeResult>> done = new CompletableFuture<>();
    List<ChangeResult> results = new ArrayList<>();
    StreamObserver<PushBatch> requests = stub(hub).push(new StreamObserver<PushAck>() {
      @Override
      public void onNext(PushAck ack) {
        results.addAll(ack.getResultsList());
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(results);
      }
    });
    requests.onNext(batch.build());
    requests.onCompleted();
    List<ChangeResult> acked = done.get(60, TimeUnit.SECONDS);
    assertEquals(keys.size(), acked.size(), site + ": one result per change");
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < acked.size(); i++) {
      ChangeResult r = acked.get(i);
      assertEquals(ResultStatus.APPLIED, r.getStatus(), site + ": " + r.getCode() + " " + r.getReason());
      held.put(keys.get(i)[0] + "\0" + keys.get(i)[1], r.getVersion());
      versions.add(r.getVersion());
    }
    return versions;
  }

  /** One pull call from the held cursor to its last page; {@code afterBatch} sees each batch's index. */
  void pull(Channel hub, int batchSize, IntConsumer afterBatch) {
    PullRequest request = PullRequest.newBuilder().setCursor(cursor).setBatchSize(batchSize)
        .setSyncId(site + "-pull").build();
    Iterator<PullBatch> batches = SyncGrpc.newBlockingStub(hub)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).withDeadlineAfter(120, TimeUnit.SECONDS)
        .pull(request);
    int index = 0;
    PullBatch last = null;
    while (batches.hasNext()) {
      PullBatch batch = batches.next();
      for (RecordState r : batch.getRecordsList()) {
        assertTrue(r.getVersion() > cursor, site + ": version " + r.getVersion() + " at or below cursor " + cursor);
        assertTrue(pulledVersions.add(r.getVersion()), site + ": version " + r.getVersion() + " pulled twice");
        assertTrue(r.getOwner().isEmpty() || r.getOwner().equals(site), site + ": got " + r.getOwner() + "'s record");
        held.put(r.getCollection() + "\0" + r.getId(), r.getVersion());
        pulledRecords++;
      }
      assertTrue(batch.getCursorAfter() >= cursor,
          site + ": cursor moved back from " + cursor + " to " + batch.getCursorAfter());
      cursor = batch.getCursorAfter();
      afterBatch.accept(index++);
      last = batch;
    }
    assertTrue(last != null && last.getLast(), site + ": the pull ended without its last page");
    for (CollectionDigest d : last.getDigestsList()) {
      ScopeDigest own = digest(d.getCollection());
      assertEquals(own, new ScopeDigest(d.getCount(), d.getHash()),
          site + ": digest of " + d.getCollection() + " differs at cursor " + cursor);
    }
  }

  private ScopeDigest digest(String collection) {
    ScopeDigest digest = ScopeDigest.EMPTY;
    for (Map.Entry<String, Long> e : held.entrySet()) {
      String[] key = e.getKey().split("\0", 2);
      if (key[0].equals(collection)) {
        digest = digest.plus(key[0], key[1], e.getValue());
      }
    }
    return digest;
  }

  /** What the site holds, as collection NUL id → version, sorted (for comparing with the hub). */
  Map<String, Long> state() {
    return new TreeMap<>(held);
  }

  private SyncGrpc.SyncStub stub(Channel hub) {
    return SyncGrpc.newStub(hub).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }
}
