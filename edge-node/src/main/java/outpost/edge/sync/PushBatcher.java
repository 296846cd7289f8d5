package outpost.edge.sync;

import com.google.protobuf.CodedOutputStream;
import java.util.ArrayList;
import java.util.List;
import outpost.common.error.ErrorCode;
import outpost.edge.store.LogEntry;
import outpost.common.sync.ChangeOutcome;
import outpost.proto.v1.Change;
import outpost.proto.v1.PushBatch;

/**
 * Cuts log entries into push batches that fit the hub's maximum message size (HelloReply), by bytes as
 * well as by count. A single change that cannot fit in any message is not sent: it becomes a REJECTED
 * result here, so it is kept as a failed item and does not block the changes behind it (docs/rest-api.md,
 * "Failed items").
 */
final class PushBatcher {
  /** Room left for the batch's own fields and gRPC framing. */
  static final int ENVELOPE_BYTES = 8 * 1024;
  /** gRPC's default inbound limit, assumed when the hub does not state its own. */
  static final int ASSUMED_HUB_MAX = 4 * 1024 * 1024;

  /** One cut: the changes to send (and their entries), the entries too large to send, the last seq used. */
  record Cut(List<Change> changes, List<LogEntry> sent, List<ChangeOutcome> tooLarge, long lastSeq) {}

  private final int hubMax;
  private final int budget;

  PushBatcher(int hubMaxMessageBytes) {
    this.hubMax = hubMaxMessageBytes > 0 ? hubMaxMessageBytes : ASSUMED_HUB_MAX;
    this.budget = Math.max(1024, hubMax - ENVELOPE_BYTES);
  }

  /** Takes entries from the front of {@code entries} (in seq order) while the batch fits. */
  Cut cut(List<LogEntry> entries) {
    List<Change> changes = new ArrayList<>();
    List<LogEntry> sent = new ArrayList<>();
    List<ChangeOutcome> tooLarge = new ArrayList<>();
    long bytes = 0;
    long lastSeq = -1;
    for (LogEntry entry : entries) {
      Change change = WireMapping.change(entry);
      int size = CodedOutputStream.computeMessageSize(PushBatch.CHANGES_FIELD_NUMBER, change);
      if (size > budget) {
        tooLarge.add(new ChangeOutcome(entry.seq(), ChangeOutcome.Status.REJECTED, entry.baseVersion(),
            ErrorCode.REJECTED.name(), "the change is " + size + " bytes; the hub accepts messages of at most "
            + hubMax + " bytes (maxMessageBytes)", null, false, List.of()));
      } else if (!changes.isEmpty() && bytes + size > budget) {
        break;
      } else {
        changes.add(change);
        sent.add(entry);
        bytes += size;
      }
      lastSeq = entry.seq();
    }
    return new Cut(changes, sent, tooLarge, lastSeq);
  }
}
