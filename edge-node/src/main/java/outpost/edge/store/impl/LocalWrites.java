package outpost.edge.store.impl;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import outpost.common.RecordKey;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.json.JsonValues;
import outpost.common.merge.ChangeOp;
import outpost.edge.store.CollectionRules;
import outpost.edge.store.LocalRecord;
import outpost.edge.store.LogEntry;
import outpost.edge.store.RecordState;
import outpost.edge.store.Validation;

/**
 * Local writes: each updates the record and appends (or coalesces) its log entry; the caller commits
 * both together. Runs on the store's writer thread only. Checks come before any mutation, so a
 * refused write leaves nothing behind.
 */
public final class LocalWrites {
  private final EdgeMaps maps;
  private final String site;
  private final Function<String, String> hubFor;

  public LocalWrites(EdgeMaps maps, String site, Function<String, String> hubFor) {
    this.maps = maps;
    this.site = site;
    this.hubFor = hubFor;
  }

  /**
   * One record of a write: its value as an object and as the JSON text to store (encoded once, by the caller);
   * a replayed write carries the text alone and parses it.
   */
  public record Item(String id, JsonObject data, String json) {
    /** A record as a caller hands it over: its value encoded now, on the caller's thread. */
    public static Item of(String id, JsonObject data) {
      return new Item(id, data, data == null ? null : data.encode());
    }

    JsonObject value() {
      return data != null ? data : new JsonObject(json);
    }
  }

  /** Answers true when the record was created, false when updated or unchanged. */
  public boolean put(String collection, Item item, CollectionRules rules, long now) {
    RecordKey key = check(collection, item.id(), rules);
    Objects.requireNonNull(item.json(), "data");
    return apply(key, item.value(), item.json(), rules, now);
  }

  public int putAll(String collection, List<Item> items, CollectionRules rules, long now) {
    Validation.collection(collection);
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      try {
        check(collection, item.id(), rules);
        if (item.json() == null) {
          throw OutpostException.badRequest("data must be a JSON object");
        }
        if (!seen.add(item.id())) {
          throw OutpostException.badRequest("id '" + item.id() + "' appears twice");
        }
      } catch (OutpostException e) {
        throw new OutpostException(e.code(), "items[" + i + "]: " + e.getMessage());
      }
    }
    // An item can still be refused here (another site's record, a stored value that cannot be read): the store
    // then puts back the items before it, so the bulk stays all or nothing.
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      try {
        apply(new RecordKey(collection, item.id()), item.value(), item.json(), rules, now);
      } catch (OutpostException e) {
        throw new OutpostException(e.code(), "items[" + i + "]: " + e.getMessage(), e);
      }
    }
    return items.size();
  }

  /** Answers false when there was no live record to delete. */
  public boolean delete(String collection, String id, CollectionRules rules, long now) {
    RecordKey key = check(collection, id, rules);
    LocalRecord cur = maps.record(key);
    if (cur == null || cur.deleted()) {
      return false;
    }
    // A deletion names every field it removes. The hub ignores the names of a deletion, but when a later write
    // recreates the record before the push, the two coalesce into one write that must remove the fields the new
    // value lacks: otherwise the hub kept them (found by the fault simulation; docs/reliability.md).
    long seq = append(key, cur, true, ChangeOp.DELETE, "{}", new LinkedHashSet<>(cur.data().fieldNames()), "", now);
    RecordState state = maps.conflicts.containsKey(key.encode()) ? RecordState.CONFLICT : RecordState.PENDING;
    maps.putRecord(cur.with(new JsonObject(), true, state, now).withPending(seq), "{}");
    return true;
  }

  /** Logs a conflict resolution as an ordinary change based on the hub version the edge saw. */
  public void resolution(RecordKey key, LocalRecord cur, JsonObject value, boolean delete, String keep,
      long baseVersion, long now) {
    Set<String> fields = new LinkedHashSet<>(value.fieldNames());
    fields.addAll(cur.data().fieldNames());
    // The chosen value replaces the whole record: naming the hub's fields too lets "keep local" remove the
    // fields only the hub has, instead of merging them back in.
    String conflict = maps.conflicts.get(key.encode());
    JsonObject hubData = conflict == null ? null : new JsonObject(conflict).getJsonObject("hub").getJsonObject("data");
    if (hubData != null) {
      fields.addAll(hubData.fieldNames());
    }
    long seq = maps.lastSeq() + 1;
    String hub = hubFor.apply(key.collection());
    LogEntry entry = new LogEntry(seq, key.collection(), key.id(), delete ? ChangeOp.DELETE : ChangeOp.PUT,
        delete ? new JsonObject() : value, fields, baseVersion, cur.owner(), keep, now);
    String encoded = LogCodec.encode(entry);
    maps.nextSeq();
    maps.logWrite(hub, cur.hasPending() ? cur.pendingSeq() : 0, seq, key.collection(), encoded);
    maps.putRecord(new LocalRecord(key.collection(), key.id(), delete ? new JsonObject() : value, delete,
        cur.owner(), cur.hubVersion(), cur.hubDeleted(), RecordState.PENDING, now, seq));
  }

  private boolean apply(RecordKey key, JsonObject data, String json, CollectionRules rules, long now) {
    LocalRecord cur = maps.record(key);
    if (cur != null && rules.ownerOnly(key.collection()) && !cur.owner().isEmpty() && !cur.owner().equals(site)) {
      throw new OutpostException(ErrorCode.PERMISSION_DENIED,
          "record " + key.collection() + "/" + key.id() + " belongs to site '" + cur.owner() + "'");
    }
    boolean live = cur != null && !cur.deleted();
    Set<String> changed = live ? changedFields(cur.data(), data) : new LinkedHashSet<>(data.fieldNames());
    if (live && changed.isEmpty()) {
      return false;
    }
    String owner = cur != null ? cur.owner() : (rules.siteScoped(key.collection()) ? site : "");
    LocalRecord base = cur != null ? cur
        : new LocalRecord(key.collection(), key.id(), null, false, owner, 0, false, RecordState.PENDING, now);
    // One encoding of the value serves the journal, the log entry and the record; the record keeps the caller's
    // object (nothing holds it after the write: stored values are decoded afresh on every read).
    long seq = append(key, base, cur != null, ChangeOp.PUT, json, changed, "", now);
    RecordState state = maps.conflicts.containsKey(key.encode()) ? RecordState.CONFLICT : RecordState.PENDING;
    maps.putRecord(base.with(data, false, state, now).withPending(seq), json);
    return !live;
  }

  /**
   * Appends the change's log entry, folding in the record's pending one; answers the new entry's sequence, which
   * the caller stores in the record.
   */
  private long append(RecordKey key, LocalRecord cur, boolean stored, ChangeOp op, String dataJson,
      Set<String> fields, String resolution, long now) {
    String hub = hubFor.apply(key.collection());
    var log = maps.log(hub);
    // Everything is read and encoded before the first change: a stored value that cannot be read refuses the
    // write (STORE_DAMAGED) instead of leaving half of it. Should a change itself fail, the store puts back the
    // ones before it (EdgeStore#local).
    long seq = maps.lastSeq() + 1;
    String oldValue = cur.hasPending() ? log.get(cur.pendingSeq()) : null;
    LogEntry entry;
    JsonObject data = new JsonObject(); // the entry's value travels as dataJson; the object is not encoded again
    if (oldValue != null) {
      entry = coalesce(LogCodec.decode(cur.pendingSeq(), oldValue), seq, op, data, fields, resolution, now);
    } else {
      // A conflicted record's new edits stay based on the conflict's base, so the hub sees them as part of
      // the same collision instead of a silent overwrite; they do not clear the flag by themselves.
      long base = conflictBase(key, knownVersion(key, cur, stored));
      entry = new LogEntry(seq, key.collection(), key.id(), op, data, fields, base, cur.owner(), resolution, now);
    }
    String encoded = LogCodec.encode(entry, dataJson);
    maps.nextSeq();
    maps.logWrite(hub, oldValue != null ? cur.pendingSeq() : 0, seq, key.collection(), encoded);
    return seq;
  }

  /**
   * The hub version the edge's knowledge of a record stands at. With no local copy at all the hub had the
   * record absent or deleted as of the pull cursor, so a creation is based there: a deletion the edge
   * already pulled (and dropped) must not count as concurrent with it.
   */
  private long knownVersion(RecordKey key, LocalRecord cur, boolean stored) {
    if (cur.hubVersion() > 0 || stored) {
      return cur.hubVersion();
    }
    return maps.cursor("pull:" + hubFor.apply(key.collection()));
  }

  private long conflictBase(RecordKey key, long hubVersion) {
    String conflict = maps.conflicts.get(key.encode());
    return conflict == null ? hubVersion : new JsonObject(conflict).getLong("baseVersion", hubVersion);
  }

  private RecordKey check(String collection, String id, CollectionRules rules) {
    Validation.collection(collection);
    Validation.id(id);
    if (rules.hubOnly(collection)) {
      throw new OutpostException(ErrorCode.PERMISSION_DENIED,
          "collection '" + collection + "' can only be changed on the hub");
    }
    return new RecordKey(collection, id);
  }

  /** An entry folded into a later change: the latest value, the union of fields, the oldest base. */
  private static LogEntry coalesce(LogEntry e, long newSeq, ChangeOp newOp, JsonObject newData, Set<String> newFields,
      String newResolution, long now) {
    Set<String> fields = new LinkedHashSet<>(e.changedFields());
    fields.addAll(newFields);
    String res = newResolution.isEmpty() ? e.resolution() : newResolution;
    return new LogEntry(newSeq, e.collection(), e.id(), newOp, newData, fields, e.baseVersion(), e.owner(), res, now);
  }

  /**
   * Top-level fields added, removed or changed between two values, numbers compared by exact value: a change
   * past double precision is one, 1.0 written over 1 is none (docs/conflicts.md).
   */
  static Set<String> changedFields(JsonObject before, JsonObject after) {
    Set<String> changed = new LinkedHashSet<>();
    for (String f : after.fieldNames()) {
      if (!before.containsKey(f) || !JsonValues.same(before.getValue(f), after.getValue(f))) {
        changed.add(f);
      }
    }
    for (String f : before.fieldNames()) {
      if (!after.containsKey(f)) {
        changed.add(f);
      }
    }
    return changed;
  }
}
