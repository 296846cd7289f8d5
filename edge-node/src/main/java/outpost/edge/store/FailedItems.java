package outpost.edge.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.merge.ChangeOp;

/** Changes a hub refused, kept with their reason until someone retries or discards them (design.md §3.6). */
public final class FailedItems {
  private final EdgeStore store;

  public FailedItems(EdgeStore store) {
    this.store = store;
  }

  public Future<List<JsonObject>> list() {
    return store.worker().read(() -> {
      List<JsonObject> out = new ArrayList<>();
      store.maps().failed.forEach((k, v) -> out.add(new JsonObject(v)));
      return out;
    });
  }

  /** Re-queues failed changes (all when {@code syncId} is null) as new log entries; answers how many. */
  public Future<Integer> retry(String syncId) {
    return store.write(() -> {
      EdgeMaps maps = store.maps();
      List<Long> seqs = new ArrayList<>();
      maps.failed.forEach((seq, v) -> {
        JsonObject item = new JsonObject(v);
        // A value set aside as unreadable has nothing to send again: it stays until discarded.
        if ((syncId == null || syncId.equals(item.getString("syncId"))) && !Damage.isSetAside(item)) {
          seqs.add(seq);
        }
      });
      for (Long seq : seqs) {
        JsonObject item = new JsonObject(maps.failed.remove(seq));
        LogEntry old = LogEntry.decode(seq, item.getJsonObject("change").copy().put("seq", null).encode());
        RecordKey key = new RecordKey(old.collection(), old.id());
        LocalRecord cur = maps.record(key);
        if (cur != null && cur.hasPending()) {
          continue; // a newer local change already carries this record's latest value
        }
        long next = maps.nextSeq();
        String hub = store.hubFor(old.collection());
        LogEntry entry = new LogEntry(next, old.collection(), old.id(), old.op(), old.data(), old.changedFields(),
            old.baseVersion(), old.owner(), old.resolution(), store.now());
        maps.log(hub).put(next, entry.encode());
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
      return seqs.size();
    });
  }

  /** Drops a failed change and puts back the hub's value of the record. */
  public Future<Void> discard(long seq) {
    return store.write(() -> {
      EdgeMaps maps = store.maps();
      String raw = maps.failed.get(seq);
      if (raw == null) {
        throw new OutpostException(ErrorCode.NOT_FOUND, "no failed item " + seq);
      }
      maps.failed.remove(seq);
      JsonObject item = new JsonObject(raw);
      JsonObject change = item.getJsonObject("change");
      if (change.getString("i") == null) {
        return null; // set aside without even a readable id: nothing else to put back
      }
      RecordKey key = new RecordKey(change.getString("c"), change.getString("i"));
      LocalRecord cur = Damage.readable(maps, key, item.getString("hubName"), null, store.now());
      if (Damage.isSetAside(item) && !Damage.isSetAsideChange(item)) {
        return null; // an unreadable record was taken out of the records when it was set aside
      }
      if (cur != null && !cur.hasPending() && Damage.isSetAsideChange(item)) {
        // The hub's copy is not known here: a record the hub never had goes; otherwise the divergence check of the
        // next sync re-pulls the hub's copy over this one, which no longer counts as based on it.
        if (cur.hubVersion() == 0) {
          maps.removeRecord(key);
        } else {
          maps.putRecord(cur.withHub(0, false, RecordState.SYNCED));
        }
      } else if (cur != null && !cur.hasPending()) {
        JsonObject hub = item.getJsonObject("hub");
        store.syncApply().takeHub(key, cur, hub.getJsonObject("data"), hub.getLong("version", 0L),
            hub.getBoolean("deleted", false));
      }
      return null;
    });
  }

  public long count() {
    return store.maps().failed.sizeAsLong();
  }
}
