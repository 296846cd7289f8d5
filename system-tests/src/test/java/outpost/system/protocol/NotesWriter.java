package outpost.system.protocol;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.LocalRecord;
import outpost.edge.store.RecordState;
import outpost.system.fixture.Await;

/**
 * Writes "notes" on one edge and keeps the model of what the hub must end up with. Updates and deletes
 * touch only records whose last change the hub has acknowledged (state synced), so no write is folded
 * into an earlier pending one: every write is one distinct change, and the hub must give each exactly
 * one version.
 */
final class NotesWriter {
  static final String COLLECTION = "notes";

  private final ProtocolEdge edge;
  private final Random random;
  private final Map<String, JsonObject> live = new LinkedHashMap<>();
  private final Set<String> deleted = new HashSet<>();
  private final List<String> ids = new ArrayList<>();
  private int next;
  private long changes;

  NotesWriter(ProtocolEdge edge, Random random) {
    this.edge = edge;
    this.random = random;
  }

  /** Creates, updates and deletes records; answers how many distinct changes were written. */
  int round(int round, int creates, int updates, int deletes) {
    int written = 0;
    List<EdgeStore.BulkItem> batch = new ArrayList<>();
    for (int i = 0; i < creates; i++) {
      String id = edge.site + "-" + String.format("%06d", next++);
      JsonObject data = new JsonObject().put("round", round).put("n", 1).put("text", text());
      batch.add(new EdgeStore.BulkItem(id, data));
      live.put(id, data);
      ids.add(id);
      if (batch.size() == 5_000) {
        written += Await.of(edge.store.putAll(COLLECTION, batch));
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      written += Await.of(edge.store.putAll(COLLECTION, batch));
    }
    for (int i = 0; i < updates; i++) {
      String id = syncedLive();
      if (id != null) {
        JsonObject data = live.get(id).copy().put("round", round).put("n", live.get(id).getInteger("n") + 1);
        edge.put(COLLECTION, id, data);
        live.put(id, data);
        written++;
      }
    }
    for (int i = 0; i < deletes; i++) {
      String id = syncedLive();
      if (id != null && Await.of(edge.store.delete(COLLECTION, id))) {
        live.remove(id);
        deleted.add(id);
        written++;
      }
    }
    changes += written;
    return written;
  }

  /** A random live record the hub has acknowledged, or null when a few tries find none. */
  private String syncedLive() {
    for (int attempt = 0; attempt < 5 && !ids.isEmpty(); attempt++) {
      String id = ids.get(random.nextInt(ids.size()));
      if (!live.containsKey(id)) {
        continue;
      }
      LocalRecord record = edge.get(COLLECTION, id).orElse(null);
      if (record != null && record.state() == RecordState.SYNCED) {
        return id;
      }
    }
    return null;
  }

  private String text() {
    int length = 40 + random.nextInt(160);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + random.nextInt(26)));
    }
    return out.toString();
  }

  Map<String, JsonObject> live() {
    return live;
  }

  Set<String> deleted() {
    return deleted;
  }

  long changes() {
    return changes;
  }
}
