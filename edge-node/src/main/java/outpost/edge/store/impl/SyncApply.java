package outpost.edge.store.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.json.JsonValues;
import outpost.common.merge.ChangeOp;
import outpost.edge.store.LocalRecord;
import outpost.edge.store.LogEntry;
import outpost.common.sync.ChangeOutcome;
import outpost.edge.store.RecordState;
import outpost.edge.store.RemoteRecord;
import outpost.edge.store.Tally;

/**
 * Applies what a hub answered: push results (which remove acknowledged log entries and advance the
 * push position) and pulled batches (which advance the pull cursor). Runs on the writer thread; the
 * caller commits each call as one unit.
 */
public final class SyncApply {
  private final EdgeMaps maps;

  public SyncApply(EdgeMaps maps) {
    this.maps = maps;
  }

  public void pushResults(String hub, String syncId, List<ChangeOutcome> results, Tally tally, long now) {
    long acked = maps.cursor("push:" + hub);
    for (ChangeOutcome answer : results) {
      ChangeOutcome result = answer;
      acked = Math.max(acked, result.originSeq());
      String value = maps.logRemove(hub, result.originSeq());
      if (value == null) {
        continue; // coalesced into a later entry, or already answered: the later entry speaks for it
      }
      LogEntry entry = LogCodec.decode(result.originSeq(), value);
      RecordKey key = new RecordKey(entry.collection(), entry.id());
      LocalRecord cur = Damage.readable(maps, key, hub, syncId, now);
      boolean newer = cur != null && cur.hasPending() && cur.pendingSeq() != result.originSeq();
      if (cur != null && !newer) {
        // The answered entry was the record's pending one: every branch below that keeps the record writes
        // it from this value, so the pending mark goes with the same put.
        cur = cur.withPending(0);
      }
      if (result.status() == ChangeOutcome.Status.DUPLICATE && result.version() == 0 && result.hubData() == null
          && !result.hubDeleted() && entry.op() == ChangeOp.PUT) {
        // "Already processed", yet the hub holds no such record: the write is not on the hub (it was refused
        // before, or another device used this number). Taking it as synced at version 0 would hide it for good
        // (the divergence check cannot see a version-0 copy): it is kept as a failed item instead.
        result = new ChangeOutcome(result.originSeq(), ChangeOutcome.Status.REJECTED, 0, ErrorCode.ORIGIN_REUSED.name(),
            "the hub answered that origin sequence " + result.originSeq() + " was already processed, but it holds no "
            + key.collection() + "/" + key.id() + ": this write is not on the hub (retry it to send it under a"
            + " new number, or discard it)", null, false, List.of());
      }
      switch (result.status()) {
        case APPLIED, MERGED, DUPLICATE -> accepted(key, entry, cur, result, newer, tally);
        case CONFLICT -> conflict(hub, syncId, key, entry, cur, result, newer, tally, now);
        case REJECTED -> rejected(hub, syncId, key, entry, cur, result, newer, tally, now);
      }
    }
    maps.cursors.put("push:" + hub, acked);
  }

  private void accepted(RecordKey key, LogEntry entry, LocalRecord cur, ChangeOutcome result, boolean newer,
      Tally tally) {
    tally.add(key.collection(), entry.op() == ChangeOp.DELETE ? Tally.Kind.DELETED
        : cur == null || cur.hubVersion() == 0 ? Tally.Kind.NEW : Tally.Kind.UPDATED);
    if (cur == null) {
      return;
    }
    boolean conflicted = maps.conflicts.containsKey(key.encode());
    // Accepted as a resolution, or the hub says this site's conflict was resolved elsewhere meanwhile.
    if ((!entry.resolution().isEmpty() || result.conflictClosed()) && !newer) {
      maps.conflicts.remove(key.encode());
      conflicted = false;
    }
    // An answer may name the record's current hub version, which can hold changes from other sites the
    // edge has not seen (DUPLICATE; APPLIED of values equal to the hub's; MERGED). The hub's copy comes
    // with it whenever it differs from what the edge sent, and the edge takes it: otherwise it would hold
    // its own value under the hub's version and skip the pull of it, unseen by the digest check.
    boolean duplicate = result.status() == ChangeOutcome.Status.DUPLICATE;
    if (newer) {
      maps.putRecord(cur.withHub(result.version(), result.hubDeleted(), cur.state()));
    } else if (result.hubDeleted() && (cur.deleted() || duplicate) && !conflicted) {
      // (A conflicted record keeps its local tombstone: pulls keep its hub version current for the digest,
      // and "keep local" still finds the local deletion.)
      maps.removeRecord(key);
    } else {
      RecordState state = conflicted ? RecordState.CONFLICT : RecordState.SYNCED;
      // While a conflict is open the local value stays the edge's own version (proposal plus later edits):
      // taking the hub's value would make "keep local" lose the proposal.
      boolean takeHub = result.hubData() != null && !result.hubDeleted() && !conflicted;
      JsonObject data = takeHub ? result.hubData() : cur.data();
      maps.putRecord(new LocalRecord(key.collection(), key.id(), data, !takeHub && cur.deleted(), cur.owner(),
          result.version(), result.hubDeleted(), state, cur.updatedAtMillis()));
    }
  }

  private void conflict(String hub, String syncId, RecordKey key, LogEntry entry, LocalRecord cur,
      ChangeOutcome result, boolean newer, Tally tally, long now) {
    tally.add(key.collection(), Tally.Kind.CONFLICTS);
    JsonObject conflict = new JsonObject().put("collection", key.collection()).put("id", key.id())
        .put("hubName", hub).put("baseVersion", entry.baseVersion())
        .put("hub", new JsonObject().put("data", result.hubData()).put("deleted", result.hubDeleted())
            .put("version", result.version()))
        .put("local", new JsonObject().put("data", entry.data()).put("deleted", entry.op() == ChangeOp.DELETE))
        .put("fields", new JsonArray(List.copyOf(result.conflictFields()))).put("detectedAt", now)
        .put("syncId", syncId);
    if (!entry.resolution().isEmpty()) {
      // This side's resolution came after another one the hub accepted, and chose differently: the card comes
      // back with both choices (the hub's side is the earlier one) instead of this one being dropped.
      conflict.put("resolvedTwice", new JsonObject().put("earlier", new JsonObject().put("version", result.version()))
          .put("later", new JsonObject().put("keep", entry.resolution())));
    }
    maps.conflicts.put(key.encode(), conflict.encode());
    if (cur != null) {
      maps.putRecord(cur.withHub(result.version(), result.hubDeleted(), RecordState.CONFLICT));
    }
  }

  private void rejected(String hub, String syncId, RecordKey key, LogEntry entry, LocalRecord cur,
      ChangeOutcome result, boolean newer, Tally tally, long now) {
    if (ErrorCode.ALREADY_RESOLVED.name().equals(result.code())) {
      // Resolved elsewhere first: take the hub's value and drop this side's choice.
      maps.conflicts.remove(key.encode());
      if (cur != null && !newer) {
        takeHub(key, cur, result.hubData(), result.version(), result.hubDeleted());
      }
      tally.add(key.collection(), Tally.Kind.SKIPPED);
      return;
    }
    tally.add(key.collection(), Tally.Kind.FAILED);
    JsonObject item = new JsonObject().put("seq", entry.seq()).put("hubName", hub).put("syncId", syncId)
        .put("code", result.code()).put("reason", result.reason()).put("at", now)
        .put("change", entry.toJson())
        .put("hub", new JsonObject().put("data", result.hubData()).put("deleted", result.hubDeleted())
            .put("version", result.version()));
    maps.failed.put(entry.seq(), item.encode());
    if (cur != null && !newer) {
      // The hub's copy may be outside this site's scope: keep the version the edge already knew.
      maps.putRecord(cur.withHub(cur.hubVersion(), cur.hubDeleted(), RecordState.FAILED));
    }
  }

  /** Replaces the local value by the hub's (or removes the record when the hub's copy is gone). */
  public void takeHub(RecordKey key, LocalRecord cur, JsonObject hubData, long version, boolean hubDeleted) {
    if (hubDeleted || hubData == null || version == 0) {
      maps.removeRecord(key);
      return;
    }
    maps.putRecord(new LocalRecord(key.collection(), key.id(), hubData, false, cur.owner(), version, false,
        RecordState.SYNCED, cur.updatedAtMillis()));
  }

  /** Applies one pulled batch and its cursor; a record with an unpushed local change is never overwritten. */
  public void pullBatch(String hub, List<RemoteRecord> batch, long cursorAfter, Tally tally, long now) {
    for (RemoteRecord remote : batch) {
      RecordKey key = new RecordKey(remote.collection(), remote.id());
      String k = key.encode();
      // An unreadable local copy is set aside: the hub's value takes its place.
      LocalRecord cur = Damage.readable(maps, key, hub, null, now);
      if (cur != null && cur.hasPending()) {
        tally.add(key.collection(), Tally.Kind.SKIPPED);
        continue;
      }
      String conflict = maps.conflicts.get(k);
      // A pulled resolution clears only a conflict flagged before it (this edge's change flagged against the
      // resolved version itself is a new conflict the hub still holds open). A record on which the hub holds
      // no open conflict at all was resolved meanwhile, even when a later change hides the resolution.
      boolean resolvedSince = conflict != null && (!remote.inConflict() || remote.resolvesConflict()
          && new JsonObject(conflict).getJsonObject("hub").getLong("version", 0L) < remote.version());
      if (conflict != null && !resolvedSince) {
        JsonObject c = new JsonObject(conflict);
        c.put("hub", new JsonObject().put("data", remote.data()).put("deleted", remote.deleted())
            .put("version", remote.version()));
        maps.conflicts.put(k, c.encode());
        if (cur != null) {
          maps.putRecord(cur.withHub(remote.version(), remote.deleted(), RecordState.CONFLICT));
        }
        tally.add(key.collection(), Tally.Kind.SKIPPED);
        continue;
      }
      if (conflict != null) {
        maps.conflicts.remove(k);
      }
      if (cur != null && cur.hubVersion() >= remote.version() && conflict == null) {
        tally.add(key.collection(), Tally.Kind.SKIPPED);
        continue;
      }
      if (remote.deleted()) {
        if (cur != null) {
          maps.removeRecord(key);
          tally.add(key.collection(), Tally.Kind.DELETED);
        } else {
          tally.add(key.collection(), Tally.Kind.SKIPPED);
        }
        continue;
      }
      boolean same = cur != null && !cur.deleted() && JsonValues.same(cur.data(), remote.data());
      tally.add(key.collection(), cur == null || cur.deleted() ? Tally.Kind.NEW
          : same ? Tally.Kind.SKIPPED : Tally.Kind.UPDATED);
      maps.putRecord(new LocalRecord(key.collection(), key.id(), remote.data(), false, remote.owner(),
          remote.version(), false, RecordState.SYNCED, now));
    }
    maps.cursors.put("pull:" + hub, cursorAfter);
  }
}
