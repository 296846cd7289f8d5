package outpost.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import outpost.common.merge.ChangeOp;
import outpost.hub.store.HubStore;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.PullPage;
import outpost.hub.store.SiteRecord;

/**
 * The hub store alone, without gRPC or edges: applies RECORDS new records from one site in batches of 500
 * (as pushes arrive), then pulls them all in pages of 500. Reports records/s and the CPU time of the whole
 * JVM per record, a figure that other load on a shared machine moves far less than wall time.
 */
final class HubStoreBench {
  private HubStoreBench() {}

  static JsonObject run(Vertx vertx, HubStore store, String name, int records) {
    Bench.await(store.open());
    try {
      Bench.await(store.addSite(SiteRecord.create("edge-a", "x", System.currentTimeMillis())));
      Random random = new Random(42);
      List<List<IncomingChange>> batches = new ArrayList<>();
      for (int i = 0; i < records; i += 500) {
        List<IncomingChange> batch = new ArrayList<>();
        for (int j = i; j < Math.min(records, i + 500); j++) {
          JsonObject data = Bench.record(random, j);
          batch.add(new IncomingChange(j + 1, Bench.collection(j / 1000), Bench.uuid(random), ChangeOp.PUT,
              data, data.fieldNames(), 0, "", ""));
        }
        batches.add(batch);
      }
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (List<IncomingChange> batch : batches) {
        Bench.await(store.applyBatch("edge-a", "bench", batch));
      }
      double applyS = (System.nanoTime() - t0) / 1e9;
      double applyCpu = (os.getProcessCpuTime() - cpu) / 1e6;
      cpu = os.getProcessCpuTime();
      t0 = System.nanoTime();
      long cursor = 0;
      long pulled = 0;
      while (true) {
        PullPage page = Bench.await(store.pull("edge-b", Set.of(), cursor, 500));
        pulled += page.records().size();
        cursor = page.cursorAfter();
        if (page.last()) {
          break;
        }
      }
      double pullS = (System.nanoTime() - t0) / 1e9;
      double pullCpu = (os.getProcessCpuTime() - cpu) / 1e6;
      return new JsonObject().put("store", name).put("records", records)
          .put("applyPerSec", records / applyS).put("applyCpuUsPerRecord", applyCpu * 1000 / records)
          .put("pullPerSec", pulled / pullS).put("pullCpuUsPerRecord", pullCpu * 1000 / Math.max(1, pulled))
          .put("pulled", pulled);
    } finally {
      Bench.await(store.close());
    }
  }

  /** {@code HubStoreBench DIR RECORDS}: the embedded store in DIR (for quick comparisons). */
  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    Path dir = BenchMain.clean(Path.of(args[0]));
    int records = Integer.parseInt(args[1]);
    for (int i = 0; i < 2; i++) {
      Path d = BenchMain.clean(dir.resolve("run" + i));
      System.out.println(run(vertx, BenchHub.embedded(vertx, d, BenchHub.syncCatalog()), "embedded", records).encode());
    }
    vertx.close();
    System.exit(0);
  }
}
