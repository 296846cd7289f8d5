package outpost.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;
import outpost.edge.sync.HubTarget;
import outpost.edge.sync.SyncEngine;

/**
 * The edge side of the sync benchmarks, run as a long-lived child JVM (at -Xmx128m) so that its heap is its
 * own and its JIT is warm, like a real edge node. Arguments: DIR HUB SITE TOKEN. Commands arrive one per
 * line on standard input; each is answered by one line {@code RESULT {json}} on standard output:
 *
 * <pre>
 *   write-push RECORDS SEED   bulk-write RECORDS new records (1,000 per commit), then run one sync cycle
 *   change RECORDS SEED       change RECORDS existing records, then run one sync cycle
 *   cycle                     run one sync cycle (on a fresh store: pull everything)
 *   jfr-start FILE / jfr-stop  record a JFR profile of what runs in between into FILE
 *   quit
 * </pre>
 */
public final class EdgeChild {
  static final int BULK = 1_000;

  private EdgeChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String site = args[2];
    HubTarget target = new HubTarget("central", args[1], args[3], List.of(), List.of(), null, Duration.ofSeconds(120),
        64 << 20);
    Vertx vertx = Vertx.vertx();
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
        java.nio.charset.StandardCharsets.UTF_8));
    try (EdgeStore store = EdgeStore.open(vertx, dir, site, Durability.COMMIT, c -> "central", Clock.systemUTC());
        SyncEngine engine = new SyncEngine(store, site, List.of(target), new JsonObject())) {
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        String[] cmd = line.trim().split(" ");
        JsonObject out = new JsonObject().put("command", cmd[0]);
        try (HeapWatch heap = new HeapWatch()) {
          long gcBefore = HeapWatch.gcMillis();
          double cpuBefore = HeapWatch.cpuMillis();
          switch (cmd[0]) {
            case "write-push" -> writeAll(store, Integer.parseInt(cmd[1]), Long.parseLong(cmd[2]), out);
            case "change" -> change(store, Integer.parseInt(cmd[1]), Long.parseLong(cmd[2]), out);
            case "cycle" -> { }
            case "jfr-start", "jfr-stop" -> {
              Profiler.command(cmd);
              System.out.println("RESULT " + out.put("status", "COMPLETE").encode());
              continue;
            }
            default -> throw new IllegalArgumentException("unknown command " + line);
          }
          long started = System.nanoTime();
          JsonObject run = outpost.edge.run.RunJson.toJson(Bench.await(engine.run(outpost.edge.schedule.RunRequest.manual())));
          out.put("cycleMs", (System.nanoTime() - started) / 1e6);
          describe(run, out);
          out.put("heapPeakMib", heap.peakUsedMib()).put("heapLiveMib", heap.peakLiveMib())
              .put("heapMaxMib", HeapWatch.maxHeapMib()).put("gcMs", HeapWatch.gcMillis() - gcBefore)
              .put("cpuMs", HeapWatch.cpuMillis() - cpuBefore)
              .put("fileMib", store.fileSize() / 1048576.0);
        } catch (RuntimeException e) {
          out.put("status", "FAILED").put("error", e.toString());
        }
        System.out.println("RESULT " + out.encode());
        System.out.flush();
      }
    } finally {
      vertx.close();
    }
    System.exit(0);
  }

  /** Bulk-writes {@code n} new records, up to 1,000 per commit, spread over the collections. */
  private static void writeAll(EdgeStore store, int n, long seed, JsonObject out) {
    double cpuBefore = HeapWatch.cpuMillis();
    Random random = new Random(seed);
    int bulk = Math.max(1, Math.min(BULK, n / Bench.COLLECTIONS));
    long started = System.nanoTime();
    for (int i = 0; i < n; i += bulk) {
      List<EdgeStore.BulkItem> items = new ArrayList<>(bulk);
      for (int j = i; j < Math.min(n, i + bulk); j++) {
        items.add(new EdgeStore.BulkItem(Bench.uuid(random), Bench.record(random, j)));
      }
      Bench.await(store.putAll(Bench.collection(i / bulk), items));
    }
    double ms = (System.nanoTime() - started) / 1e6;
    out.put("written", n).put("writeMs", ms).put("writeCpuMs", HeapWatch.cpuMillis() - cpuBefore);
  }

  /** Changes one field of {@code n} existing records (the first ones of each collection by id). */
  private static void change(EdgeStore store, int n, long seed, JsonObject out) {
    Random random = new Random(seed);
    long started = System.nanoTime();
    int per = (n + Bench.COLLECTIONS - 1) / Bench.COLLECTIONS;
    int changed = 0;
    for (int c = 0; c < Bench.COLLECTIONS && changed < n; c++) {
      var page = Bench.await(store.list(Bench.collection(c), null, Math.min(per, n - changed)));
      List<EdgeStore.BulkItem> items = new ArrayList<>();
      for (var r : page.items()) {
        items.add(new EdgeStore.BulkItem(r.id(), r.data().copy().put("qty", random.nextInt(1000))
            .put("rev", r.data().getInteger("rev", 0) + 1)));
      }
      Bench.await(store.putAll(Bench.collection(c), items));
      changed += items.size();
    }
    out.put("changed", changed).put("writeMs", (System.nanoTime() - started) / 1e6);
  }

  /** Picks the run's status and the push and pull steps' durations and counts out of the RUN JSON. */
  private static void describe(JsonObject run, JsonObject out) {
    out.put("status", run.getString("status"));
    JsonObject hub = run.getJsonArray("hubs").getJsonObject(0);
    if (hub.getJsonObject("error") != null) {
      out.put("error", hub.getJsonObject("error"));
    }
    for (Object s : hub.getJsonArray("steps")) {
      JsonObject step = (JsonObject) s;
      String name = step.getString("name");
      out.put(name + "Done", step.getLong("done"));
      if (step.getString("startedAt") != null && step.getString("finishedAt") != null) {
        Duration d = Duration.between(Instant.parse(step.getString("startedAt")),
            Instant.parse(step.getString("finishedAt")));
        out.put(name + "Ms", d.toNanos() / 1e6);
      }
    }
    JsonArray counts = run.getJsonArray("counts");
    out.put("counts", counts);
  }
}
