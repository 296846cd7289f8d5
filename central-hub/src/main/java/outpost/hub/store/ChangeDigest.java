package outpost.hub.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import outpost.common.json.JsonValues;

/**
 * A 64-bit digest of what a site's change says: collection, id, operation, data and changed fields. The hub
 * keeps one per processed (site, originSeq), so that a change re-sent under a used number is told apart from a
 * different change reusing it (a cloned or restored device): the first is a DUPLICATE, the second must not be
 * swallowed as one. Object keys are sorted, so a re-send that orders keys differently is still the same change;
 * the base version and the claimed owner are left out: they say where the change applies, not what it is.
 * Numbers are hashed in their canonical form ({@link JsonValues#canonical}), so the digest holds the same
 * notion of "same value" as the merge: 1 and 1.0 hash alike, 0.1 and 0.1000000000000000000001 do not.
 * SHA-256 (truncated): a chance collision would hide a reused number, so a weak hash is not enough.
 */
public final class ChangeDigest {
  private ChangeDigest() {}

  public static long of(IncomingChange change) {
    JsonObject canonical = new JsonObject().put("c", change.collection()).put("i", change.id())
        .put("o", change.op().name()).put("d", sorted(change.data()))
        .put("f", new JsonArray(new ArrayList<>(new TreeSet<>(change.changedFields()))));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.encode().getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(hash).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static Object sorted(Object value) {
    if (value instanceof JsonObject o) {
      Map<String, Object> map = new TreeMap<>();
      o.forEach(e -> map.put(e.getKey(), sorted(e.getValue())));
      return new JsonObject(new java.util.LinkedHashMap<>(map));
    }
    if (value instanceof JsonArray a) {
      List<Object> list = new ArrayList<>(a.size());
      a.forEach(v -> list.add(sorted(v)));
      return new JsonArray(list);
    }
    return value instanceof Number n ? JsonValues.canonical(n) : value;
  }
}
