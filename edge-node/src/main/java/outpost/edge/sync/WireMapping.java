package outpost.edge.sync;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonObject;
import outpost.common.RecordRules;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.json.StrictJson;
import outpost.common.merge.ChangeOp;
import outpost.edge.store.LogEntry;
import outpost.common.sync.ChangeOutcome;
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

  static ChangeOutcome result(ChangeResult r) {
    ChangeOutcome.Status status = switch (r.getStatus()) {
      case APPLIED -> ChangeOutcome.Status.APPLIED;
      case MERGED -> ChangeOutcome.Status.MERGED;
      case DUPLICATE -> ChangeOutcome.Status.DUPLICATE;
      case CONFLICT -> ChangeOutcome.Status.CONFLICT;
      default -> ChangeOutcome.Status.REJECTED;
    };
    // The hub sends its copy only where it differs from what the edge sent; the edge takes it then.
    return new ChangeOutcome(r.getOriginSeq(), status, r.getVersion(), r.getCode(), r.getReason(),
        json(r.getHubData(), "the hub's copy of change " + r.getOriginSeq()), r.getHubDeleted(),
        r.getConflictFieldsList(), r.getConflictClosed());
  }

  /**
   * A pulled record, under the rules every record entering the edge follows (docs/input.md). One this edge
   * cannot hold (written to the hub before it checked the same rules) fails the pull with INTEGRATION_ERROR
   * naming the record and the rule, before anything of its batch is stored: the edge keeps serving and pushing.
   */
  static RemoteRecord record(RecordState r) {
    String where = "record " + r.getCollection() + "/" + r.getId();
    String problem = RecordRules.collectionProblem(r.getCollection());
    if (problem == null) {
      problem = RecordRules.idProblem(r.getId());
    }
    if (problem != null) {
      throw unfit(where, problem);
    }
    return new RemoteRecord(r.getCollection(), r.getId(), r.getOwner(), r.getVersion(), r.getDeleted(),
        json(r.getData(), where), r.getOriginSite(), r.getResolvesConflict(), r.getInConflict());
  }

  private static JsonObject json(ByteString bytes, String where) {
    if (bytes.isEmpty()) {
      return null;
    }
    try {
      return StrictJson.object(bytes.toByteArray());
    } catch (OutpostException e) {
      throw unfit(where, e.getMessage());
    }
  }

  private static OutpostException unfit(String where, String problem) {
    return new OutpostException(ErrorCode.INTEGRATION_ERROR, where + " from the hub cannot be held here: " + problem);
  }
}
