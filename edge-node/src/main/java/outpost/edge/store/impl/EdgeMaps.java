package outpost.edge.store.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;
import outpost.common.mvstore.Maps;
import outpost.common.mvstore.StoreFile;
import outpost.edge.store.LocalRecord;
import outpost.edge.store.Repair;

/**
 * The MVStore maps of one edge file and the codecs between them and the value types. Only the store's
 * writer thread mutates them; MVStore's copy-on-write maps allow concurrent reads.
 */
public final class EdgeMaps {
  public final MVStore store;
  /** Encoded RecordKey to {@link RecordCodec} value (which names the record's pending log entry, if any). */
  public final MVMap<String, String> records;
  /** "push:HUB" (highest acknowledged seq), "pull:HUB" (hub cursor). */
  final MVMap<String, Long> cursors;
  /** "seq" (last origin sequence), "rules" (collection rules learnt from hubs), "setting:NAME" (API settings). */
  public final MVMap<String, String> meta;
  /** Encoded RecordKey to a conflict's JSON. */
  public final MVMap<String, String> conflicts;
  /** Origin sequence of the rejected change to a failed item's JSON. */
  public final MVMap<Long, String> failed;
  /** Zero-padded start millis + '/' + run id to the run's JSON, so runs iterate in start order. */
  public final MVMap<String, String> runs;
  /** Run id to its key in {@link #runs}. */
  public final MVMap<String, String> runIndex;
  /** Collection name to its status JSON (docs/rest-api.md). */
  public final MVMap<String, String> collections;
  private final Map<String, MVMap<Long, String>> logs = new ConcurrentHashMap<>();
  /** Entries per hub and collection in the logs: every change of a log goes through the log methods below. */
  public final PendingCounts pending;
  /**
   * Per collection, the digest of the stored records: computed by a scan at first use, then kept in step by
   * {@link #putRecord} and {@link #removeRecord} from the old values the map hands back. Writer thread only.
   */
  private final Map<String, ScopeDigest> digests = new HashMap<>();
  /** What the local write running now changed, to put back should a later step of it fail; null between writes. */
  private List<Runnable> undo;
  /** Whether the calling thread may open a hub's log: the writer's, once it runs (before, the opening thread's). */
  public volatile java.util.function.BooleanSupplier mayOpenLogs = () -> true;
  /** Runs before each change of a local write and before its journal record: a test seam that fails a chosen step. */
  public volatile Runnable beforeStep = () -> { };

  /**
   * The layout version in {@code meta}; files of another layout are refused rather than misread, except the one
   * before it, which lacks only the pending counts and gains them at open ({@link #LAST_FORMAT}).
   */
  public static final String FORMAT = "4";
  /** The layout this version upgrades: the same maps without "pending". */
  public static final String LAST_FORMAT = "3";
  /** Files written before the marker hold layout 1. */
  public static final StoreFile.Layout LAYOUT = new StoreFile.Layout("edge data", "format", FORMAT, "1",
      "sync it with the version that wrote it, then start this version with an empty data directory", LAST_FORMAT);

  public EdgeMaps(MVStore store) {
    this.store = store;
    // Opened and its layout checked (a file of the layout before marked with this one) by StoreFile.
    meta = store.openMap(StoreFile.META);
    // A file of the layout before has no counts: they are made once, below.
    boolean counted = PendingCounts.present(store);
    records = Maps.strings(store, "records");
    cursors = Maps.stringToLong(store, "cursors");
    conflicts = Maps.strings(store, "conflicts");
    failed = Maps.longToString(store, "failed");
    runs = Maps.strings(store, "runs");
    runIndex = Maps.strings(store, "runIndex");
    collections = Maps.strings(store, "collections");
    pending = new PendingCounts(store, this::onUndo);
    if (!counted) {
      // A file of the layout before (or one whose counts never reached the file): count its logs once.
      for (String name : store.getMapNames()) {
        if (name.startsWith("log:")) {
          String hub = name.substring("log:".length());
          pending.recount(hub, log(hub));
        }
      }
    }
  }

  /**
   * Opens every map of the file with its own types (compaction moves only the pages of open maps): the logs
   * of hubs no longer configured too. A map this version does not know is left closed rather than opened
   * with types that could misread it.
   */
  public void openAll() {
    for (String name : store.getMapNames()) {
      if (name.startsWith("log:")) {
        log(name.substring("log:".length()));
      } else if (name.equals("upkeep")) {
        store.openMap(name);
      }
    }
  }

  /**
   * The change log of one hub: origin sequence to {@link outpost.edge.store.LogEntry} JSON. Opened (on first use,
   * created) by the writer thread only. Read it freely; change it only through {@link #logWrite} and {@link #logRemove}, which keep
   * the {@link #pending} counts in step.
   */
  public MVMap<Long, String> log(String hub) {
    MVMap<Long, String> log = logs.get(hub);
    if (log != null) {
      return log;
    }
    if (!mayOpenLogs.getAsBoolean()) {
      // Opening a map changes the file: on an event loop it raced the writer's commits and blocked the loop.
      throw new IllegalStateException("the log of hub '" + hub + "' is opened by " + Thread.currentThread().getName()
          + ", not by the store's writer: pending figures come from PendingCounts, log reads go through the worker");
    }
    return logs.computeIfAbsent(hub, h -> Maps.longToString(store, "log:" + h));
  }

  /**
   * Puts a hub's log entry {@code seq} of {@code collection}, first removing entry {@code replacedSeq} (0: none),
   * the one it folds in. Counted as one change: folding an entry into a later one changes no count.
   */
  public void logWrite(String hub, long replacedSeq, long seq, String collection, String value) {
    MVMap<Long, String> log = log(hub);
    String removed = replacedSeq > 0 ? remove(log, replacedSeq) : null;
    String overwritten = put(log, seq, value);
    long delta = 1;
    for (String old : new String[] {removed, overwritten}) {
      if (old != null) {
        String c = PendingCounts.collectionOf(old);
        if (c.equals(collection)) {
          delta--;
        } else {
          pending.add(hub, c, -1);
        }
      }
    }
    pending.add(hub, collection, delta);
  }

  /** Removes a hub's log entry; answers its stored text, or null when there was none. */
  public String logRemove(String hub, long seq) {
    String old = remove(log(hub), seq);
    if (old != null) {
      pending.add(hub, PendingCounts.collectionOf(old), -1);
    }
    return old;
  }

  public LocalRecord record(RecordKey key) {
    String value = records.get(key.encode());
    return value == null ? null : RecordCodec.decode(key, value);
  }

  public void putRecord(LocalRecord r) {
    putRecord(r, r.data().encode());
  }

  /** As {@link #putRecord(LocalRecord)}, with the record's data already encoded. */
  public void putRecord(LocalRecord r, String dataJson) {
    String value = RecordCodec.encode(r, dataJson);
    String old = put(records, new RecordKey(r.collection(), r.id()).encode(), value);
    track(r.collection(), r.id(), old, value);
  }

  public void removeRecord(RecordKey key) {
    track(key.collection(), key.id(), remove(records, key.encode()), null);
  }

  /** A change of a map, remembered for {@link #undo} while a local write runs. */
  <K, V> V put(MVMap<K, V> map, K key, V value) {
    step();
    V old = map.put(key, value);
    remember(map, key, old);
    return old;
  }

  <K, V> V remove(MVMap<K, V> map, K key) {
    step();
    V old = map.remove(key);
    remember(map, key, old);
    return old;
  }

  private <K, V> void remember(MVMap<K, V> map, K key, V old) {
    onUndo(() -> {
      if (old == null) {
        map.remove(key);
      } else {
        map.put(key, old);
      }
    });
  }

  /** Keeps what puts back a change, while a local write runs. */
  private void onUndo(Runnable inverse) {
    if (undo != null) {
      undo.add(inverse);
    }
  }

  /** A point between two steps of a local write (where the test seam may fail it). */
  public void step() {
    if (undo != null) {
      beforeStep.run();
    }
  }

  /** Starts remembering a local write's changes. */
  public void beginUndo() {
    undo = new ArrayList<>();
  }

  /** The local write completed: its changes stay. */
  public void endUndo() {
    undo = null;
  }

  /** Puts back, newest first, what the local write changed; the digests are recomputed at their next use. */
  public void undo() {
    List<Runnable> steps = undo;
    undo = null;
    forgetDigests();
    for (int i = steps.size() - 1; i >= 0; i--) {
      steps.get(i).run();
    }
  }

  /** The digest of a collection's stored records (see {@link Repair}). */
  public ScopeDigest digest(String collection) {
    return digests.computeIfAbsent(collection, this::scan);
  }

  /** Computes a collection's digest by reading every stored record of it. */
  public ScopeDigest scan(String collection) {
    ScopeDigest[] digest = {ScopeDigest.EMPTY};
    forEachStored(collection, (key, id, value) -> {
      long version = RecordCodec.digestVersion(value);
      if (version != RecordCodec.UNCOUNTED) {
        digest[0] = digest[0].plus(collection, id, version);
      }
    });
    return digest[0];
  }

  /** One stored record met by {@link #forEachStored}: its encoded key, its id and its stored (encoded) value. */
  @FunctionalInterface
  public interface StoredVisit {
    void visit(String key, String id, String value);
  }

  /**
   * Visits every stored record of a collection, deleted and unreadable ones too, in key order: a range scan of the
   * records map, where a collection's keys sit together. Values are handed over undecoded, so that a scan reads
   * only what it needs of each.
   */
  public void forEachStored(String collection, StoredVisit visit) {
    String start = RecordKey.collectionStart(collection);
    var cursor = records.cursor(start);
    while (cursor.hasNext()) {
      String k = cursor.next();
      if (!k.startsWith(start)) {
        break;
      }
      visit.visit(k, k.substring(start.length()), cursor.getValue());
    }
  }

  /** Drops the kept digests: after a rollback they may count writes that are gone. */
  void forgetDigests() {
    digests.clear();
  }

  /**
   * After MVStore's rollback: the kept digests may count writes that are gone, a hub's log first opened since the
   * last commit is closed by it (a write to the old handle fails "map is closed"), and the copy of the pending
   * counts in memory may hold counts that are gone: all are taken afresh.
   */
  void afterRollback() {
    digests.clear();
    logs.clear();
    pending.reload();
  }

  private void track(String collection, String id, String old, String now) {
    ScopeDigest digest = digests.get(collection);
    if (digest == null) {
      return; // not computed yet: the first use scans
    }
    long before = old == null ? RecordCodec.UNCOUNTED : RecordCodec.digestVersion(old);
    long after = now == null ? RecordCodec.UNCOUNTED : RecordCodec.digestVersion(now);
    if (before == after) {
      return;
    }
    if (before != RecordCodec.UNCOUNTED) {
      digest = digest.minus(collection, id, before);
    }
    if (after != RecordCodec.UNCOUNTED) {
      digest = digest.plus(collection, id, after);
    }
    digests.put(collection, digest);
  }

  public long nextSeq() {
    long next = lastSeq() + 1;
    put(meta, "seq", Long.toString(next));
    return next;
  }

  /** The last origin sequence handed out. */
  long lastSeq() {
    return Long.parseLong(meta.getOrDefault("seq", "0"));
  }

  public long cursor(String name) {
    return cursors.getOrDefault(name, 0L);
  }
}
