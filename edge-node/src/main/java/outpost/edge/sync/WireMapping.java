package outpost.edge.sync;

import com.google.protobuf.ByteString;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import outpost.common.merge.ChangeOp;
import outpost.edge.store.LogEntry;
import outpost.edge.store.PushResult;
import outpost.edge.store.RemoteRecord;
import outpost.proto.v1.Change;
import outpost.proto.v1.ChangeResult;
import outpost.proto.v1.Op;
import outpost.proto.v1.RecordState;

/** The thin layer between wire types and the store's value types; generated code stops here. */
final class WireMapping {
  private WireMapping() {}

  static Change change(LogEntry e) {
    return Change.newBuilder().setOriginSeq(e.seq()).setCollection(e.collection()).setId(e.id())
        .setOp(e.op() == ChangeOp.DELETE ? Op.DELETE : Op.PUT)
        .setData(e.op() == ChangeOp.DELETE ? ByteString.EMPTY : ByteString.copyFromUtf8(e.data().encode()))
        .addAllChangedFields(e.changedFields()).setBaseVersion(e.baseVersion()).setOwner(e.owner())
        .setResolution(e.resolution()).setWrittenAtMillis(e.writtenAtMillis()).build();
  }

  static PushResult result(ChangeResult r) {
    PushResult.Status status = switch (r.getStatus()) {
      case APPLIED -> PushResult.Status.APPLIED;
      case MERGED -> PushResult.Status.MERGED;
      case DUPLICATE -> PushResult.Status.DUPLICATE;
      case CONFLICT -> PushResult.Status.CONFLICT;
      default -> PushResult.Status.REJECTED;
    };
    // The hub sends its copy only where it differs from what the edge sent; the edge takes it then.
    return new PushResult(r.getOriginSeq(), status, r.getVersion(), r.getCode(), r.getReason(),
        json(r.getHubData()), r.getHubDeleted(), r.getConflictFieldsList(), r.getConflictClosed());
  }

  static RemoteRecord record(RecordState r) {
    return new RemoteRecord(r.getCollection(), r.getId(), r.getOwner(), r.getVersion(), r.getDeleted(),
        json(r.getData()), r.getOriginSite(), r.getResolvesConflict(), r.getInConflict());
  }

  private static JsonObject json(ByteString bytes) {
    return bytes.isEmpty() ? null : new JsonObject(Buffer.buffer(bytes.toByteArray()));
  }
}
