package outpost.hub.ingest;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import outpost.proto.v1.Change;
import outpost.proto.v1.Op;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.SyncGrpc;

/** Sends batches on one Push call and collects the acks (tests only). */
final class PushClient {
  private PushClient() {}

  static Change put(long seq, String collection, String id, JsonObject data) {
    return Change.newBuilder().setOriginSeq(seq).setCollection(collection).setId(id).setOp(Op.PUT)
        .setData(ByteString.copyFromUtf8(data.encode())).addAllChangedFields(data.fieldNames()).build();
  }

  /** Pushes the batches and answers the acks; fails with the call's StatusRuntimeException. */
  static List<PushAck> push(SyncGrpc.SyncStub stub, List<List<Change>> batches) throws Exception {
    List<PushAck> acks = new ArrayList<>();
    CompletableFuture<List<PushAck>> done = new CompletableFuture<>();
    StreamObserver<PushBatch> requests = stub.withDeadlineAfter(20, TimeUnit.SECONDS).push(new StreamObserver<>() {
      @Override
      public void onNext(PushAck ack) {
        synchronized (acks) {
          acks.add(ack);
        }
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(acks);
      }
    });
    long no = 1;
    for (List<Change> batch : batches) {
      requests.onNext(PushBatch.newBuilder().setBatchNo(no++).setSyncId("sync-test").addAllChanges(batch).build());
    }
    requests.onCompleted();
    try {
      return done.get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }
}
