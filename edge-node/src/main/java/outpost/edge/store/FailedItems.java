package outpost.edge.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.FailedChange;
import outpost.common.error.OutpostException;
import outpost.common.merge.ChangeOp;
import outpost.edge.store.impl.Damage;
import outpost.edge.store.impl.EdgeMaps;
import outpost.edge.store.impl.LogCodec;

/**
 * Changes a hub refused, kept with their reason until someone retries or discards them (docs/rest-api.md,
 * "Failed items").
 */
public final class FailedItems {
  private final EdgeStore store;

  public FailedItems(EdgeStore store) {
    this.store = store;
  }

  public Future<List<JsonObject>> list() {
    return store.jsonValues(store.maps().failed);
  }

  /**
   * Re-queues the retryable failed changes (all when {@code syncId} is null) as new log entries; answers how many.
   * A permanent refusal ({@link FailedChange#retryable}) stays: sending it again could only fail again.
   */
  public Future<Integer> retry(String syncId) {
    return store.write(() -> {
      List<Long> seqs = new ArrayList<>();
      store.maps().failed.forEach((seq, v) -> {
        JsonObject item = new JsonObject(v);
        if ((syncId == null || syncId.equals(item.getString("syncId"))) && retryable(item)) {
          seqs.add(seq);
        }
      });
      requeue(seqs);
      return seqs.size();
    });
  }

  /** Re-queues one failed change; a permanent refusal answers BAD_REQUEST and stays as it is. */
  public Future<Void> retryOne(long seq) {
    return store.write(() -> {
      JsonObject item = item(seq);
      if (!retryable(item)) {
        throw OutpostException.badRequest("failed item " + seq + " (" + item.getString("code") + ") cannot succeed"
            + " if sent again: discard it instead");
      }
      requeue(List.of(seq));
      return null;
    });
  }

  /** Whether sending the change again can succeed (a value set aside as unreadable has nothing to send). */
  public static boolean retryable(JsonObject item) {
    return !Damage.isSetAside(item) && FailedChange.retryable(item.getString("code"));
  }

  /**
   * Whether the hub's copy in a failed item is this site's to hold. A change refused because another site owns the
   * record in a site-scoped collection comes back with that site's record, which this site may not see: for this
   * site the hub has no copy (a discard removes the local one).
   */
  public boolean hubCopyVisible(JsonObject item) {
    String collection = item.getJsonObject("change", new JsonObject()).getString("c");
    CollectionRules rules = store.rules();
    return !(ErrorCode.PERMISSION_DENIED.name().equals(item.getString("code")) && collection != null
        && rules.siteScoped(collection) && !rules.hubOnly(collection));
  }

  private JsonObject item(long seq) {
    String raw = store.maps().failed.get(seq);
    if (raw == null) {
      throw new OutpostException(ErrorCode.NOT_FOUND, "no failed item " + seq + " (it may have been retried or"
          + " discarded already)");
    }
    return new JsonObject(raw);
  }

  private void requeue(List<Long> seqs) {
    EdgeMaps maps = store.maps();
    for (Long seq : seqs) {
      JsonObject item = new JsonObject(maps.failed.remove(seq));
      LogEntry old = LogCodec.decode(seq, item.getJsonObject("change").copy().put("seq", null).encode());
      RecordKey key = new RecordKey(old.collection(), old.id());
      LocalRecord cur = maps.record(key);
      if (cur != null && cur.hasPending()) {
        continue; // a newer local change already carries this record's latest value
      }
      long next = maps.nextSeq();
      String hub = store.hubFor(old.collection());
      LogEntry entry = new LogEntry(next, old.collection(), old.id(), old.op(), old.data(), old.changedFields(),
          old.baseVersion(), old.owner(), old.resolution(), store.now());
      maps.logWrite(hub, 0, next, old.collection(), LogCodec.encode(entry));
      boolean delete = old.op() == ChangeOp.DELETE;
      if (cur != null) {
        maps.putRecord(cur.with(cur.data(), delete, RecordState.PENDING, cur.updatedAtMillis()).withPending(next));
      } else {
        // The record is gone locally (the hub's answer removed it): the retried change brings it back as it
        // was sent, so that the record carries its pending entry like any other.
        maps.putRecord(new LocalRecord(old.collection(), old.id(), delete ? new JsonObject() : old.data(), delete,
            old.owner(), 0, false, RecordState.PENDING, store.now(), next));
      }
    }
  }

  /**
   * What a discard left: the record back at the hub's copy ({@code HUB_COPY}, at {@code version}), gone because
   * the hub never had it or deleted it ({@code REMOVED}), left as it is because a newer local change is pending
   * ({@code NEWER_CHANGE}) or because the hub's copy is not known here and the next sync fetches it
   * ({@code NEXT_SYNC}), or nothing to put back ({@code NONE}: an unreadable value was set aside).
   */
  public record Discarded(long seq, String collection, String id, String outcome, long version) {}

  /** Drops a failed change and puts back the hub's value of the record. */
  public Future<Discarded> discard(long seq) {
    return store.write(() -> {
      EdgeMaps maps = store.maps();
      JsonObject item = item(seq);
      maps.failed.remove(seq);
      JsonObject change = item.getJsonObject("change");
      String collection = change.getString("c");
      String id = change.getString("i");
      if (id == null) {
        return new Discarded(seq, collection, null, "NONE", 0); // set aside without even a readable id
      }
      RecordKey key = new RecordKey(collection, id);
      LocalRecord cur = Damage.readable(maps, key, item.getString("hubName"), null, store.now());
      if (Damage.isSetAside(item) && !Damage.isSetAsideChange(item)) {
        return new Discarded(seq, collection, id, "NONE", 0); // taken out of the records when set aside
      }
      if (cur != null && cur.hasPending()) {
        return new Discarded(seq, collection, id, "NEWER_CHANGE", cur.hubVersion());
      }
      if (cur != null && Damage.isSetAsideChange(item)) {
        // The hub's copy is not known here: a record the hub never had goes; otherwise the divergence check of the
        // next sync re-pulls the hub's copy over this one, which no longer counts as based on it.
        if (cur.hubVersion() == 0) {
          maps.removeRecord(key);
          return new Discarded(seq, collection, id, "REMOVED", 0);
        }
        maps.putRecord(cur.withHub(0, false, RecordState.SYNCED));
        return new Discarded(seq, collection, id, "NEXT_SYNC", 0);
      }
      JsonObject hub = hubCopyVisible(item) ? item.getJsonObject("hub") : new JsonObject();
      long version = hub.getLong("version", 0L);
      boolean gone = hub.getBoolean("deleted", false) || hub.getJsonObject("data") == null || version == 0;
      if (cur == null) {
        return new Discarded(seq, collection, id, "REMOVED", 0); // the hub's answer already removed it here
      }
      store.syncApply().takeHub(key, cur, hub.getJsonObject("data"), version, hub.getBoolean("deleted", false));
      return new Discarded(seq, collection, id, gone ? "REMOVED" : "HUB_COPY", gone ? 0 : version);
    });
  }

  public long count() {
    return store.maps().failed.sizeAsLong();
  }
}
