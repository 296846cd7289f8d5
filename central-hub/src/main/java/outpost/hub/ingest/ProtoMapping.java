package outpost.hub.ingest;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import outpost.common.RecordRules;
import outpost.common.ScopeDigest;
import outpost.common.cache.IdentityCache;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.json.JsonValues;
import outpost.common.json.StrictJson;
import outpost.common.merge.ChangeOp;
import outpost.hub.config.CollectionRule;
import outpost.common.sync.ChangeOutcome;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.PullPage;
import outpost.hub.store.StoredRecord;
import outpost.proto.v1.Change;
import outpost.proto.v1.ChangeResult;
import outpost.proto.v1.CollectionDigest;
import outpost.proto.v1.Op;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.RecordState;
import outpost.proto.v1.ResultStatus;

/** The thin layer between generated protobuf types and the store's values; nothing else sees both. */
final class ProtoMapping {
  private ProtoMapping() {}

  /** A change as the store takes it, or the reason it cannot be one. */
  record Mapped(IncomingChange change, ChangeOutcome rejection) {}

  static Mapped incoming(Change c) {
    // The rules both nodes share (docs/input.md): the edge refuses such changes before they are logged; a site
    // that sends one anyway is refused per change (a NUL would also fail the whole batch's transaction on
    // PostgreSQL).
    String problem = RecordRules.collectionProblem(c.getCollection());
    if (problem == null) {
      problem = RecordRules.idProblem(c.getId());
    }
    if (problem == null && !c.getOwner().isEmpty() && !RecordRules.isSiteId(c.getOwner())) {
      problem = "owner: " + RecordRules.SITE_RULE;
    }
    if (problem != null) {
      return rejected(c, problem);
    }
    ChangeOp op;
    if (c.getOp() == Op.PUT) {
      op = ChangeOp.PUT;
    } else if (c.getOp() == Op.DELETE) {
      op = ChangeOp.DELETE;
    } else {
      return rejected(c, "a change needs op PUT or DELETE");
    }
    JsonObject data = null;
    if (op == ChangeOp.PUT) {
      Object parsed;
      try {
        parsed = c.getData().isEmpty() ? null : StrictJson.value(c.getData().toByteArray());
      } catch (OutpostException e) {
        return rejected(c, "data is not valid JSON: " + e.getMessage());
      }
      if (!(parsed instanceof JsonObject object)) {
        return rejected(c, "data must be a JSON object");
      }
      data = object;
    }
    return new Mapped(new IncomingChange(c.getOriginSeq(), c.getCollection(), c.getId(), op, data,
        java.util.Set.copyOf(c.getChangedFieldsList()), c.getBaseVersion(), c.getOwner(), c.getResolution()), null);
  }

  private static Mapped rejected(Change c, String reason) {
    return new Mapped(null, new ChangeOutcome(c.getOriginSeq(), ChangeOutcome.Status.REJECTED, 0,
        ErrorCode.REJECTED.name(), reason, null, false, List.of()));
  }

  /**
   * The answer to one change. {@code sent} is the value the edge sent (null for a delete or a change
   * that did not parse): the hub's copy travels back unless it is exactly that value (numbers compared
   * exactly, not as doubles), so that an edge told a version always learns the value the hub holds at it.
   */
  static ChangeResult result(ChangeOutcome o, JsonObject sent) {
    ChangeResult.Builder b = ChangeResult.newBuilder().setOriginSeq(o.originSeq()).setStatus(status(o.status()))
        .setVersion(o.version()).setCode(o.code()).setReason(o.reason()).setHubDeleted(o.hubDeleted())
        .addAllConflictFields(o.conflictFields()).setConflictClosed(o.conflictClosed());
    if (o.hubData() != null && !(o.status() == ChangeOutcome.Status.APPLIED && JsonValues.same(o.hubData(), sent))) {
      b.setHubData(json(o.hubData()));
    }
    return b.build();
  }

  private static ResultStatus status(ChangeOutcome.Status s) {
    return switch (s) {
      case APPLIED -> ResultStatus.APPLIED;
      case MERGED -> ResultStatus.MERGED;
      case DUPLICATE -> ResultStatus.DUPLICATE;
      case CONFLICT -> ResultStatus.CONFLICT;
      case REJECTED -> ResultStatus.REJECTED;
    };
  }

  /** Room left in a message for the batch's own fields, the digests and gRPC framing. */
  static final int ENVELOPE_BYTES = 8 * 1024;

  /**
   * A page as one or more messages, each below {@code maxMessageBytes} unless a single record is larger.
   * Records are in ascending version order and the page holds every record of the scope between its
   * cursors, so the version of a message's last record is a valid cursor after it; the last message
   * carries the page's own cursor, remaining count, last flag and digests.
   */
  static List<PullBatch> batches(PullPage page, int maxMessageBytes) {
    int budget = Math.max(1024, maxMessageBytes - ENVELOPE_BYTES);
    List<RecordState> records = page.records().stream().map(ProtoMapping::record).toList();
    List<PullBatch> out = new java.util.ArrayList<>();
    int from = 0;
    long bytes = 0;
    for (int i = 0; i < records.size(); i++) {
      int size = com.google.protobuf.CodedOutputStream.computeMessageSize(PullBatch.RECORDS_FIELD_NUMBER,
          records.get(i));
      if (i > from && bytes + size > budget) {
        out.add(PullBatch.newBuilder().addAllRecords(records.subList(from, i))
            .setCursorAfter(records.get(i - 1).getVersion())
            .setRemaining(page.remaining() + records.size() - i).build());
        from = i;
        bytes = 0;
      }
      bytes += size;
    }
    PullBatch.Builder last = PullBatch.newBuilder().addAllRecords(records.subList(from, records.size()))
        .setCursorAfter(page.cursorAfter()).setRemaining(page.remaining()).setLast(page.last());
    addDigests(last, page);
    out.add(last.build());
    return out;
  }

  private static RecordState record(StoredRecord r) {
    return RecordState.newBuilder().setCollection(r.collection()).setId(r.id()).setOwner(r.owner())
        .setVersion(r.version()).setDeleted(r.deleted())
        .setData(r.deleted() ? ByteString.EMPTY : ENCODED.get(r.data(), ProtoMapping::json))
        .setOriginSite(r.originSite()).setOriginSeq(r.originSeq()).setResolvesConflict(r.resolvesConflict())
        .setInConflict(r.inConflict()).build();
  }

  private static void addDigests(PullBatch.Builder b, PullPage page) {
    for (Map.Entry<String, ScopeDigest> d : new java.util.TreeMap<>(page.digests()).entrySet()) {
      b.addDigests(CollectionDigest.newBuilder().setCollection(d.getKey()).setCount(d.getValue().count())
          .setHash(d.getValue().hash()));
    }
  }

  static outpost.proto.v1.CollectionRule rule(CollectionRule rule) {
    return outpost.proto.v1.CollectionRule.newBuilder().setName(rule.name())
        .setScope(rule.scope().name().toLowerCase(java.util.Locale.ROOT))
        .setWriters(rule.writers().name().toLowerCase(java.util.Locale.ROOT)).build();
  }

  /**
   * Wire bytes of record data recently served, by identity: the embedded store's pull reader hands out the
   * same parsed record while its stored text is unchanged, so a record many sites pull is encoded once.
   * Stored record data is never changed after it is read, which is what makes identity a safe key.
   */
  private static final IdentityCache<JsonObject, ByteString> ENCODED = new IdentityCache<>(4096);

  static ByteString json(JsonObject value) {
    return ByteString.copyFrom(value.toBuffer().getBytes());
  }
}
