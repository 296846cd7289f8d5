package outpost.system.protocol;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import outpost.common.ScopeDigest;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;
import outpost.edge.sync.HubTarget;
import outpost.edge.sync.SyncEngine;

/**
 * An edge in its own JVM for {@link LargeSyncLowHeapIT} (run with -Xmx128m): opens a store, writes N
 * notes in bulk (chunks of 5,000), runs one sync cycle against the hub, and prints one line
 * {@code RESULT {json}} with the run status, counts, step times, record count and peak heap.
 *
 * <p>Arguments: data directory, site, hub address (host:port), site token, N (0: write nothing).
 */
public final class LargeSyncEdge {
  static final int CHUNK = 5_000;

  private LargeSyncEdge() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String site = args[1];
    String address = args[2];
    String token = args[3];
    int n = Integer.parseInt(args[4]);
    HeapWatch heap = new HeapWatch();
    Vertx vertx = Vertx.vertx();
    EdgeStore store = EdgeStore.open(vertx, dir, site, Durability.COMMIT, c -> "central", Clock.systemUTC());
    long started = System.nanoTime();
    String pad = "p".repeat(100);
    for (int from = 0; from < n; from += CHUNK) {
      List<EdgeStore.BulkItem> chunk = new ArrayList<>(CHUNK);
      for (int i = from; i < Math.min(n, from + CHUNK); i++) {
        chunk.add(new EdgeStore.BulkItem(String.format("r%07d", i), new JsonObject().put("i", i).put("text", pad)));
      }
      get(store.putAll("notes", chunk));
    }
    long writeMillis = (System.nanoTime() - started) / 1_000_000;

    HubTarget hub = new HubTarget("central", address, token, List.of(), List.of(), null, Duration.ofSeconds(60),
        8 << 20);
    SyncEngine engine = new SyncEngine(store, site, List.of(hub), new JsonObject().put("site", site));
    long syncStarted = System.nanoTime();
    JsonObject run = outpost.edge.run.RunJson.toJson(get(engine.run(outpost.edge.schedule.RunRequest.manual())));
    long syncMillis = (System.nanoTime() - syncStarted) / 1_000_000;
    ScopeDigest local = get(store.digest("notes"));

    JsonObject result = new JsonObject().put("status", run.getString("status"))
        .put("error", run.getJsonArray("hubs").getJsonObject(0).getJsonObject("error"))
        .put("written", n).put("writeMillis", writeMillis).put("syncMillis", syncMillis)
        .put("pushed", count(run, "push", "new")).put("pulled", count(run, "pull", "new"))
        .put("pushMillis", stepMillis(run, "push")).put("pullMillis", stepMillis(run, "pull"))
        .put("records", local.count()).put("pending", store.pending("central"))
        .put("peakHeap", heap.peakUsed()).put("peakAfterGc", heap.peakAfterGc())
        .put("maxHeap", Runtime.getRuntime().maxMemory());
    System.out.println("RESULT " + result.encode());
    engine.close();
    store.close();
    vertx.close().await();
    System.exit(0);
  }

  private static <T> T get(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
  }

  private static long count(JsonObject run, String operation, String kind) {
    long total = 0;
    for (Object c : run.getJsonArray("counts")) {
      JsonObject count = (JsonObject) c;
      if (operation.equals(count.getString("operation"))) {
        total += count.getLong(kind);
      }
    }
    return total;
  }

  private static long stepMillis(JsonObject run, String name) {
    for (Object s : run.getJsonArray("hubs").getJsonObject(0).getJsonArray("steps")) {
      JsonObject step = (JsonObject) s;
      if (name.equals(step.getString("name")) && step.getString("finishedAt") != null) {
        return Duration.between(Instant.parse(step.getString("startedAt")), Instant.parse(step.getString("finishedAt")))
            .toMillis();
      }
    }
    return -1;
  }

  /**
   * Heap figures: the most heap in use (sampled every 20 ms, garbage included) and the most heap still
   * in use right after a collection (the live data the process needed, from the collectors' reports).
   */
  private static final class HeapWatch {
    private final java.util.Set<String> heapPools = new java.util.HashSet<>();
    private volatile long peak;
    private volatile long peakAfterGc;

    HeapWatch() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPools.add(pool.getName());
        }
      }
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((javax.management.NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
          if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
              .equals(notification.getType())) {
            var info = com.sun.management.GarbageCollectionNotificationInfo
                .from((javax.management.openmbean.CompositeData) notification.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
            peakAfterGc = Math.max(peakAfterGc, used);
          }
        }, null, null);
      }
      Thread t = new Thread(() -> {
        while (true) {
          peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
          try {
            Thread.sleep(20); // a sampling period, not a wait for completion
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-watch");
      t.setDaemon(true);
      t.start();
    }

    long peakUsed() {
      return peak;
    }

    long peakAfterGc() {
      return peakAfterGc;
    }
  }
}
