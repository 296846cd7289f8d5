package outpost.edge.store.impl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import outpost.common.mvstore.Maps;

/**
 * How many entries each hub's log holds per collection, kept in a map of the same file, so that every change of a
 * log and of its counts is in one commit (and one rollback, and one replay of the journal). Readers ask a copy in
 * memory, from any thread: a status page never touches the file and never waits for the writer. An entry counts
 * under the collection its stored text names ({@link Damage.Head}), "" when even that cannot be read: a full scan
 * by the same rule gives the same figures ({@link #scan}).
 *
 * <p>Mutated by the writer thread only, through {@link EdgeMaps}' log methods.
 */
public final class PendingCounts {
  /** Separates hub and collection in a key: hub names never hold it (HubConfig allows letters, digits, _ . -). */
  private static final char SEP = '/';
  /** Where an entry whose collection cannot be read is counted. */
  public static final String UNREADABLE = "";

  private final MVMap<String, Long> counts;
  private final Consumer<Runnable> undo;
  /** Hub to collection to count, as committed or being committed by the writer; never holds a zero. */
  private volatile Map<String, Map<String, Long>> copy = new ConcurrentHashMap<>();

  /** {@code undo}: where a change's inverse goes while a local write runs (it may be put back). */
  PendingCounts(MVStore store, Consumer<Runnable> undo) {
    this.counts = Maps.stringToLong(store, "pending");
    this.undo = undo;
    reload();
  }

  /** Takes the copy in memory afresh from the map (after opening, or a rollback of the file). */
  void reload() {
    Map<String, Map<String, Long>> fresh = new ConcurrentHashMap<>();
    counts.forEach((key, n) -> {
      int at = key.indexOf(SEP);
      fresh.computeIfAbsent(key.substring(0, at), h -> new ConcurrentHashMap<>()).put(key.substring(at + 1), n);
    });
    copy = fresh;
  }

  /** Whether the file holds counts (a file of an older layout has logs without them). */
  static boolean present(MVStore store) {
    return store.hasMap("pending");
  }

  /** Adds {@code delta} entries of {@code collection} to a hub's count. */
  void add(String hub, String collection, long delta) {
    if (delta == 0) {
      return;
    }
    String key = hub + SEP + collection;
    Long old = counts.get(key);
    set(hub, collection, key, (old == null ? 0 : old) + delta);
    undo.accept(() -> set(hub, collection, key, old == null ? 0 : old));
  }

  private void set(String hub, String collection, String key, long n) {
    if (n == 0) {
      counts.remove(key);
    } else {
      counts.put(key, n);
    }
    Map<String, Long> ofHub = copy.computeIfAbsent(hub, h -> new ConcurrentHashMap<>());
    if (n == 0) {
      ofHub.remove(collection);
    } else {
      ofHub.put(collection, n);
    }
  }

  /** Counts a hub's log afresh, replacing its counts: for a file without counts, or a log that held damage. */
  void recount(String hub, MVMap<Long, String> log) {
    Map<String, Long> now = scan(log);
    Map<String, Long> before = Map.copyOf(copy.getOrDefault(hub, Map.of()));
    before.forEach((c, n) -> add(hub, c, now.getOrDefault(c, 0L) - n));
    now.forEach((c, n) -> {
      if (!before.containsKey(c)) {
        add(hub, c, n);
      }
    });
  }

  /** A log's entries per collection, by reading every one: what the counts must equal. */
  public static Map<String, Long> scan(MVMap<Long, String> log) {
    Map<String, Long> out = new TreeMap<>();
    log.forEach((seq, value) -> out.merge(collectionOf(value), 1L, Long::sum));
    return out;
  }

  /** The collection a stored entry counts under. */
  static String collectionOf(String value) {
    String c = Damage.Head.of(value).collection();
    return c == null ? UNREADABLE : c;
  }

  /** A hub's entries waiting to be pushed, all collections together (an unreadable entry too). */
  public long total(String hub) {
    long n = 0;
    for (long c : copy.getOrDefault(hub, Map.of()).values()) {
      n += c;
    }
    return n;
  }

  /** A hub's entries per collection ("" for unreadable ones); a snapshot. */
  public Map<String, Long> byCollection(String hub) {
    return new TreeMap<>(copy.getOrDefault(hub, Map.of()));
  }
}
