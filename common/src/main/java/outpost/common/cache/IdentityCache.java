package outpost.common.cache;

import java.util.function.Function;

/**
 * A direct-mapped table of values computed from objects, keyed by the object's identity: a lookup hashes no
 * contents and a miss allocates one small entry. Right only for keys that are never changed after they are
 * looked up (stored text, stored record data), where the same object always maps to the same value. Entries
 * are immutable and published by one reference write, so threads may share a table.
 */
public final class IdentityCache<K, V> {
  private record Entry<K, V>(K key, V value) {}

  private final Entry<K, V>[] table;

  @SuppressWarnings("unchecked")
  public IdentityCache(int capacity) {
    table = new Entry[Integer.highestOneBit(Math.max(2, capacity))];
  }

  /** The value for {@code key}, computed and remembered on a miss (or when another key took its slot). */
  public V get(K key, Function<K, V> compute) {
    int slot = System.identityHashCode(key) & (table.length - 1);
    Entry<K, V> e = table[slot];
    if (e != null && e.key() == key) {
      return e.value();
    }
    V value = compute.apply(key);
    table[slot] = new Entry<>(key, value);
    return value;
  }
}
