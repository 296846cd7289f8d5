package outpost.edge.store;

import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Run in a child JVM at -Xmx128m by {@link LargeStoreLowHeapIT}: writes N records of ~512 bytes with
 * random UUID ids in bulk commits, lists them all with paging, then reads and acknowledges the whole
 * log as a push would. Prints {@code RESULT written=.. listed=.. acked=.. pending=.. heapPeakMb=..}.
 */
public final class LargeStoreMain {
  private LargeStoreMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    String pad = "x".repeat(440);
    long t0 = System.nanoTime();
    try (EdgeStore store = StoreFixture.open(dir, Durability.COMMIT)) {
      int written = 0;
      while (written < n) {
        List<EdgeStore.BulkItem> chunk = new ArrayList<>();
        // 1,000 per bulk: one bulk is one commit, and at -Xmx128m 5,000 into a store this size do not fit (see
        // EdgeStore.MAX_BULK_ITEMS); MVStore used to store such a bulk in parts, which a crash could split.
        for (int i = 0; i < 1_000 && written + i < n; i++) {
          chunk.add(new EdgeStore.BulkItem(UUID.randomUUID().toString(),
              new JsonObject().put("n", written + i).put("name", "patient " + (written + i)).put("pad", pad)));
        }
        written += StoreFixture.await(store.putAll("patients", chunk));
      }
      long t1 = System.nanoTime();
      long listed = 0;
      String after = null;
      do {
        EdgeStore.Page page = StoreFixture.await(store.list("patients", after, 1_000));
        listed += page.items().size();
        after = page.next();
      } while (after != null);
      long t2 = System.nanoTime();
      long acked = StoreFixture.ackAll(store, new long[] {0});
      long t3 = System.nanoTime();
      System.out.printf("RESULT written=%d listed=%d acked=%d pending=%d heapPeakMb=%d writeS=%.1f listS=%.1f"
          + " pushReadAckS=%.1f%n", written, listed, acked, store.pending("central"), heapPeakMb(),
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }
  }

  private static long heapPeakMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }
}
