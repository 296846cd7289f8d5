package outpost.edge.store.impl;

import io.vertx.core.json.JsonObject;
import outpost.common.RecordKey;
import outpost.edge.store.LocalRecord;
import outpost.edge.store.RecordState;

/**
 * Encodes a record as {@code hubVersion;flags;state;updatedAt;pendingSeq;owner;json}. The fixed prefix lets the
 * divergence check scan a collection's hub versions, and the pending check see an unpushed change, without
 * parsing every record's JSON.
 */
public final class RecordCodec {
  private static final int DELETED = 1;
  private static final int HUB_DELETED = 2;

  private RecordCodec() {}

  static String encode(LocalRecord r) {
    return encode(r, r.data().encode());
  }

  /** As {@link #encode(LocalRecord)}, with the record's data already encoded (a write encodes it once). */
  static String encode(LocalRecord r, String json) {
    int flags = (r.deleted() ? DELETED : 0) | (r.hubDeleted() ? HUB_DELETED : 0);
    return r.hubVersion() + ";" + flags + ";" + r.state().ordinal() + ";" + r.updatedAtMillis() + ";"
        + r.pendingSeq() + ";" + r.owner().replace(";", "") + ";" + json;
  }

  /** The stored record; STORE_DAMAGED (naming it) when its value cannot be read, whatever the reason. */
  public static LocalRecord decode(RecordKey key, String value) {
    try {
      return parse(key, value);
    } catch (RuntimeException e) {
      throw Damage.record(key, e);
    }
  }

  private static LocalRecord parse(RecordKey key, String value) {
    int[] cut = new int[6];
    int from = 0;
    for (int i = 0; i < 6; i++) {
      cut[i] = value.indexOf(';', from);
      from = cut[i] + 1;
    }
    long hubVersion = Long.parseLong(value, 0, cut[0], 10);
    int flags = Integer.parseInt(value, cut[0] + 1, cut[1], 10);
    RecordState state = RecordState.values()[Integer.parseInt(value, cut[1] + 1, cut[2], 10)];
    long updatedAt = Long.parseLong(value, cut[2] + 1, cut[3], 10);
    long pendingSeq = Long.parseLong(value, cut[3] + 1, cut[4], 10);
    String owner = value.substring(cut[4] + 1, cut[5]);
    JsonObject data = new JsonObject(value.substring(cut[5] + 1));
    return new LocalRecord(key.collection(), key.id(), data, (flags & DELETED) != 0, owner, hubVersion,
        (flags & HUB_DELETED) != 0, state, updatedAt, pendingSeq);
  }

  /** Whether an encoded record has an unpushed change, read from its prefix alone (false when unreadable). */
  public static boolean hasPending(String value) {
    try {
      return prefixHasPending(value);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean prefixHasPending(String value) {
    int from = 0;
    for (int i = 0; i < 4; i++) {
      from = value.indexOf(';', from) + 1;
    }
    return value.charAt(from) != '0';
  }

  /** {@link #digestVersion} of a record that adds nothing to the digest. */
  public static final long UNCOUNTED = -1;

  /**
   * The version an encoded record adds to the digest: the hub version of a copy the hub holds; 0 for a live
   * record marked synced that has no hub version, which the hub cannot hold (a write an older edge took for
   * synced when the hub answered DUPLICATE without having it): counting it makes the digests differ, and the
   * repair sends the write again ({@link outpost.edge.store.Repair#finish}) instead of the check passing over it
   * for good;
   * {@link #UNCOUNTED} for the rest (never pushed, refused, or deleted on the hub) and for an unreadable value
   * (the divergence check's repair re-pulls the hub's copy over it).
   */
  public static long digestVersion(String value) {
    try {
      return prefixVersion(value);
    } catch (RuntimeException e) {
      return UNCOUNTED;
    }
  }

  private static long prefixVersion(String value) {
    int first = value.indexOf(';');
    int second = value.indexOf(';', first + 1);
    int flags = Integer.parseInt(value, first + 1, second, 10);
    if ((flags & HUB_DELETED) != 0) {
      return UNCOUNTED;
    }
    long version = Long.parseLong(value, 0, first, 10);
    if (version > 0) {
      return version;
    }
    int third = value.indexOf(';', second + 1);
    boolean synced = Integer.parseInt(value, second + 1, third, 10) == RecordState.SYNCED.ordinal();
    return synced && (flags & DELETED) == 0 ? 0 : UNCOUNTED;
  }
}
