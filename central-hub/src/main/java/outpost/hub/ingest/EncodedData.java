package outpost.hub.ingest;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire form of record data, remembered per data object (by identity, not by value: hashing a JSON object
 * would cost as much as encoding it). The embedded store's pull reader returns the same parsed record while its
 * stored text is unchanged, so a record that many sites pull, like a shared catalogue, is encoded once. Data
 * objects are never changed after they are stored, which is what makes identity a safe key.
 */
final class EncodedData {
  private record Identity(JsonObject value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity other && other.value == value;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(value);
    }
  }

  private final Map<Identity, ByteString> recent;

  EncodedData(int capacity) {
    recent = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Identity, ByteString> eldest) {
        return size() > capacity;
      }
    };
  }

  ByteString of(JsonObject data) {
    Identity key = new Identity(data);
    synchronized (recent) {
      ByteString bytes = recent.get(key);
      if (bytes != null) {
        return bytes;
      }
    }
    ByteString bytes = ProtoMapping.json(data);
    synchronized (recent) {
      recent.put(key, bytes);
    }
    return bytes;
  }
}
