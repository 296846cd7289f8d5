package outpost.edge.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store part of GET /api/collections costs with many pending changes: the collections' statuses with
 * their pending counts, and each row's hub total. Run by hand (docs/performance.md, "Pending counts"):
 * {@code mvn -pl edge-node -am test -Dtest=CollectionsReadBench -Doutpost.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "outpost.bench", matches = "true")
class CollectionsReadBench {
  private static final int PENDING = 100_000;
  private static final List<String> COLLECTIONS = List.of("notes", "items", "patients");
  private static final List<String> HUBS = List.of("central", "north");

  @TempDir
  Path dir;

  @Test
  void collectionsWithManyPendingChanges() {
    EdgeStore store = EdgeStore.open(null, dir, "site-a", Durability.COMMIT,
        c -> c.equals("items") ? "north" : "central", Clock.systemUTC());
    try {
      for (int i = 0; i < PENDING; i += 1000) {
        List<EdgeStore.BulkItem> bulk = new ArrayList<>();
        for (int j = i; j < i + 1000; j++) {
          bulk.add(new EdgeStore.BulkItem("r" + j, new JsonObject().put("text", "value " + j).put("n", j)));
        }
        StoreFixture.await(store.putAll(COLLECTIONS.get(i / 1000 % COLLECTIONS.size()), bulk));
      }
      for (int i = 0; i < 5; i++) {
        call(store);
      }
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      int calls = 0;
      long pending = 0;
      while (calls < 2000 && System.nanoTime() - wall0 < 10_000_000_000L) {
        pending = call(store);
        calls++;
      }
      double wallMs = (System.nanoTime() - wall0) / 1e6 / calls;
      double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / calls;
      System.out.printf("BENCH collections: %d pending, %d calls, %.3f ms wall/call, %.3f ms CPU/call%n", pending,
          calls, wallMs, cpuMs);
    } finally {
      store.close();
    }
  }

  /**
   * Single-record local writes, each a new pending change (every one moves a count), 16 in flight: what keeping
   * the counts costs the write path.
   */
  @Test
  void localWritesOfNewRecords() {
    EdgeStore store = EdgeStore.open(null, dir, "site-a", Durability.COMMIT,
        c -> c.equals("items") ? "north" : "central", Clock.systemUTC());
    try {
      for (int round = 0; round < 3; round++) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(16);
        long end = wall0 + 4_000_000_000L;
        for (int w = 0; w < 16; w++) {
          String prefix = "r" + round + "-" + w + "-";
          writeUntil(store, prefix, 0, end, written, done);
        }
        StoreFixture.await(io.vertx.core.Future.fromCompletionStage(java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try {
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })));
        double seconds = (System.nanoTime() - wall0) / 1e9;
        double cpuUs = (os.getProcessCpuTime() - cpu0) / 1e3 / written.get();
        System.out.printf("BENCH local writes round %d: %d writes, %.0f writes/s, %.1f us CPU/write%n", round,
            written.get(), written.get() / seconds, cpuUs);
      }
    } finally {
      store.close();
    }
  }

  private static void writeUntil(EdgeStore store, String prefix, long n, long end,
      java.util.concurrent.atomic.AtomicLong written, java.util.concurrent.CountDownLatch done) {
    if (System.nanoTime() > end) {
      done.countDown();
      return;
    }
    store.put(COLLECTIONS.get((int) (n % 3)), prefix + n, new JsonObject().put("text", "value " + n))
        .onComplete(ar -> {
          written.incrementAndGet();
          writeUntil(store, prefix, n + 1, end, written, done);
        });
  }

  /** One GET /api/collections as the route asks the store; answers the pending changes it saw. */
  private static long call(EdgeStore store) {
    JsonArray statuses = StoreFixture.await(new RunHistory(store).collections(HUBS));
    long pending = 0;
    for (Object s : statuses) {
      JsonObject status = (JsonObject) s;
      pending += status.getLong("pending", 0L);
      store.pending(status.getString("collection").equals("items") ? "north" : "central");
    }
    return pending;
  }
}
