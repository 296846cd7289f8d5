package outpost.edge.store;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.merge.ChangeOp;
import outpost.edge.store.impl.Damage;
import outpost.edge.store.impl.EdgeMaps;
import outpost.edge.store.impl.LogCodec;
import outpost.edge.store.impl.RecordCodec;

/**
 * The divergence check and its repair. The digest is computed from the stored records themselves: a scan of
 * the collection at its first use after the store opens (or after a rollback), then kept in step with every
 * write from the old and new values the records map itself hands back (a full scan per cycle cost ~0.3 s at
 * 100,000 records, most of an incremental cycle). A repair re-pulls a
 * collection from cursor 0: records the hub has are restored, and live local copies the hub no longer
 * has (and that have no unpushed change) are removed.
 */
public final class Repair {
  private final EdgeStore store;
  private final EdgeMaps maps;
  private final String hub;
  private final String collection;
  private final Set<String> seen = new HashSet<>();
  private volatile int requeued;

  Repair(EdgeStore store, EdgeMaps maps, String hub, String collection) {
    this.store = store;
    this.maps = maps;
    this.hub = hub;
    this.collection = collection;
  }

  /** Applies one page of the re-pull; the pull cursor is left where the normal pull put it. */
  public Future<Tally> apply(List<RemoteRecord> batch) {
    return store.write(() -> {
      Tally tally = new Tally();
      long cursor = maps.cursor("pull:" + hub);
      List<RemoteRecord> restore = new ArrayList<>();
      for (RemoteRecord r : batch) {
        if (!r.deleted()) {
          seen.add(r.id());
        }
        LocalRecord cur = Damage.readable(maps, new RecordKey(r.collection(), r.id()), hub, null, store.now());
        if (cur == null || cur.hubVersion() != r.version() || cur.hubDeleted() != r.deleted()) {
          restore.add(r);
        }
      }
      // Force re-application of the records that differ by clearing the local version first.
      for (RemoteRecord r : restore) {
        RecordKey key = new RecordKey(r.collection(), r.id());
        LocalRecord cur = maps.record(key);
        if (cur != null && !cur.hasPending() && !maps.conflicts.containsKey(key.encode())) {
          maps.putRecord(cur.withHub(0, false, cur.state()));
        }
      }
      store.syncApply().pullBatch(hub, restore, cursor, tally, store.now());
      return tally;
    });
  }

  /**
   * After the last page: removes live local copies the hub did not send, and sends again the writes marked
   * synced that the hub never had (version 0; see {@link RecordCodec#digestVersion}): they become pending
   * changes under new numbers, pushed by the next run. Answers how many were removed ({@link #requeued} tells
   * how many were sent again).
   */
  public Future<Integer> finish() {
    return store.write(() -> {
      List<String> stale = new ArrayList<>();
      List<String> unsent = new ArrayList<>();
      maps.forEachStored(collection, (k, id, value) -> {
        if (!seen.contains(id) && RecordCodec.digestVersion(value) == 0) {
          unsent.add(k);
        } else if (!seen.contains(id) && RecordCodec.digestVersion(value) > 0
            && !RecordCodec.hasPending(value)
            && !maps.conflicts.containsKey(k)) {
          stale.add(k);
        }
      });
      int removed = 0;
      for (String k : stale) {
        // (An unreadable record is set aside here rather than dropped: its stored text stays for support.)
        LocalRecord cur = Damage.readable(maps, RecordKey.decode(k), hub, null, store.now());
        if (cur != null && cur.state() == RecordState.SYNCED) {
          maps.removeRecord(RecordKey.decode(k));
          removed++;
        }
      }
      int sentAgain = 0;
      for (String k : unsent) {
        LocalRecord cur = Damage.readable(maps, RecordKey.decode(k), hub, null, store.now());
        if (cur == null) {
          continue;
        }
        long seq = maps.nextSeq();
        maps.logWrite(hub, 0, seq, cur.collection(), LogCodec.encode(new LogEntry(seq, cur.collection(), cur.id(),
            ChangeOp.PUT, cur.data(), cur.data().fieldNames(), 0, cur.owner(), "", store.now())));
        maps.putRecord(cur.with(cur.data(), false, RecordState.PENDING, cur.updatedAtMillis()).withPending(seq));
        sentAgain++;
      }
      requeued = sentAgain;
      return removed;
    });
  }

  /** How many writes {@link #finish} sent again (known once it completed). */
  public int requeued() {
    return requeued;
  }
}
