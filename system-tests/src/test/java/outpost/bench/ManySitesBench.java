package outpost.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import outpost.common.merge.ChangeOp;
import outpost.hub.store.HubStore;
import outpost.hub.store.IncomingChange;

/**
 * Many sites against one hub (issue 9): the hub (this JVM) holds a shared catalogue written by the hub
 * itself; the {@link LoadGenerator} (a child JVM) runs one client per site, all at once.
 */
final class ManySitesBench {
  record Options(int sites, int changes, int catalog, Path work) {}

  private ManySitesBench() {}

  static JsonObject run(Vertx vertx, HubStore store, Options o) {
    JsonObject out = new JsonObject();
    try (HeapWatch heap = new HeapWatch(); BenchHub hub = new BenchHub(vertx, store, BenchHub.sitesCatalog())) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < o.sites(); i++) {
        ids.add(LoadGenerator.siteName(i));
      }
      String token = hub.addSites(ids);
      Random random = new Random(3);
      for (int i = 0; i < o.catalog(); i += 500) {
        List<IncomingChange> batch = new ArrayList<>();
        for (int j = i; j < Math.min(o.catalog(), i + 500); j++) {
          JsonObject data = Bench.record(random, j);
          batch.add(new IncomingChange(0, "catalog", Bench.uuid(random), ChangeOp.PUT, data,
              data.fieldNames(), 0, "", ""));
        }
        Bench.await(store.applyBatch("", "", batch));
      }
      double before = heap.peakUsedMib();
      try (Child generator = new Child(LoadGenerator.class.getName(), List.of("-Xmx1g"),
          List.of(hub.address(), token, Integer.toString(o.sites()), Integer.toString(o.changes())),
          o.work().resolve("load-generator.log"))) {
        out = generator.call("run");
      }
      out.put("catalog", o.catalog()).put("hubHeapBeforeMib", before).put("hubHeapPeakMib", heap.peakUsedMib())
          .put("hubHeapLiveMib", heap.peakLiveMib()).put("hubHeapMaxMib", HeapWatch.maxHeapMib());
    }
    return out;
  }
}
