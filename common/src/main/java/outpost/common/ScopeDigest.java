package outpost.common;

import java.nio.charset.StandardCharsets;

/**
 * The divergence-check digest of a collection in a site's scope: the number of live records and the
 * XOR of a 64-bit hash of (collection, id, version) over them. XOR lets both sides keep it
 * incrementally: adding and removing a record's contribution is the same operation.
 */
public record ScopeDigest(long count, long hash) {
  public static final ScopeDigest EMPTY = new ScopeDigest(0, 0);

  public ScopeDigest plus(String collection, String id, long version) {
    return new ScopeDigest(count + 1, hash ^ contribution(collection, id, version));
  }

  public ScopeDigest minus(String collection, String id, long version) {
    return new ScopeDigest(count - 1, hash ^ contribution(collection, id, version));
  }

  public ScopeDigest combine(ScopeDigest other) {
    return new ScopeDigest(count + other.count, hash ^ other.hash);
  }

  /** FNV-1a over the UTF-8 bytes, finished with a 64-bit mix so that nearby versions spread. */
  public static long contribution(String collection, String id, long version) {
    long h = 0xcbf29ce484222325L;
    h = fnv(h, collection.getBytes(StandardCharsets.UTF_8));
    h = (h ^ 0) * 0x100000001b3L;
    h = fnv(h, id.getBytes(StandardCharsets.UTF_8));
    h ^= version;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long fnv(long h, byte[] bytes) {
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
