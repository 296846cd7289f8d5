package outpost.edge.upkeep;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import outpost.edge.store.EdgeStore;

/** Grows an edge file the way a busy site does: many small commits of updates to random records. */
final class Churn {
  static final String COLLECTION = "notes";
  private static final String PAD = "x".repeat(400);

  private Churn() {}

  /** Writes {@code batches} commits of {@code perBatch} updates over {@code records} records; answers each last n. */
  static Map<String, Integer> run(EdgeStore store, int records, int batches, int perBatch) {
    Random random = new Random(42);
    Map<String, Integer> last = new HashMap<>();
    int n = 0;
    for (int b = 0; b < batches; b++) {
      // The first batches create every record; the rest update random ones (a bulk write names an id once).
      java.util.Set<String> ids = new java.util.LinkedHashSet<>();
      for (int i = 0; ids.size() < perBatch; i++) {
        ids.add("r" + (b < records / perBatch ? b * perBatch + i : random.nextInt(records)));
      }
      List<EdgeStore.BulkItem> items = new ArrayList<>();
      for (String id : ids) {
        items.add(new EdgeStore.BulkItem(id, new JsonObject().put("n", ++n).put("pad", PAD)));
        last.put(id, n);
      }
      store.putAll(COLLECTION, items).await();
    }
    return last;
  }

  /** Checks that every record holds its last value; answers how many were checked. */
  static int verify(EdgeStore store, Map<String, Integer> last) {
    for (Map.Entry<String, Integer> e : last.entrySet()) {
      JsonObject data = store.get(COLLECTION, e.getKey()).await().orElseThrow(
          () -> new AssertionError("record " + e.getKey() + " is missing")).data();
      if (data.getInteger("n").intValue() != e.getValue()) {
        throw new AssertionError("record " + e.getKey() + " holds n=" + data.getInteger("n") + ", wrote "
            + e.getValue());
      }
    }
    return last.size();
  }
}
