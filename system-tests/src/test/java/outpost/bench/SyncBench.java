package outpost.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import outpost.hub.store.HubStore;

/**
 * Initial and incremental sync (issue 9). Edge A (a child JVM at -Xmx128m) bulk-writes the records and pushes
 * them all to the hub, edge B (another) starts empty and pulls them all; then A changes some records and both
 * run one cycle each. The hub runs in this JVM.
 */
final class SyncBench {
  /** What to run. {@code profileDir} non-null records JFR profiles of the hub and both edges there. */
  record Options(int records, int changes, String storeName, Path work, Path profileDir) {}

  /**
   * An edge's JVM as docs/operations.md recommends for a small device: a 128 MiB heap and the serial collector,
   * which the JVM picks by itself on a machine with one CPU or under 2 GiB of memory. On this 2-core server it
   * would pick G1, which spent 11 of 25 s of a 100,000-record write and push in pauses at this heap size.
   */
  static final List<String> EDGE_JVM = List.of(System.getProperty("bench.edgeJvm", "-Xmx128m,-XX:+UseSerialGC")
      .split(","));

  private SyncBench() {}

  static JsonObject run(Vertx vertx, HubStore store, Options o) {
    JsonObject out = new JsonObject().put("records", o.records()).put("store", o.storeName());
    try (HeapWatch hubHeap = new HeapWatch(); BenchHub hub = new BenchHub(vertx, store, BenchHub.syncCatalog())) {
      String token = hub.addSites(List.of("edge-a", "edge-b"));
      List<String> jvm = EDGE_JVM;
      try (Child a = edge(o, "a", hub, token, jvm); Child b = edge(o, "b", hub, token, jvm)) {
        profile(o, a, "edge-push");
        double cpu = HeapWatch.cpuMillis();
        JsonObject pushed = a.call("write-push " + o.records() + " 42").put("hubCpuMs", HeapWatch.cpuMillis() - cpu);
        profileStop(o, a);
        out.put("push", pushed);
        profile(o, b, "edge-pull");
        cpu = HeapWatch.cpuMillis();
        JsonObject pulled = b.call("cycle").put("hubCpuMs", HeapWatch.cpuMillis() - cpu);
        profileStop(o, b);
        out.put("pull", pulled);
        cpu = HeapWatch.cpuMillis();
        out.put("changeA", a.call("change " + o.changes() + " 7").put("hubCpuMs", HeapWatch.cpuMillis() - cpu));
        cpu = HeapWatch.cpuMillis();
        out.put("changeB", b.call("cycle").put("hubCpuMs", HeapWatch.cpuMillis() - cpu));
      }
      out.put("hubHeapPeakMib", hubHeap.peakUsedMib()).put("hubHeapLiveMib", hubHeap.peakLiveMib())
          .put("hubHeapMaxMib", HeapWatch.maxHeapMib());
    }
    return out;
  }

  private static Child edge(Options o, String name, BenchHub hub, String token, List<String> jvm) {
    Path dir = o.work().resolve("edge-" + name);
    return new Child(EdgeChild.class.getName(), jvm, List.of(dir.toString(), hub.address(), "edge-" + name, token),
        o.work().resolve("edge-" + name + ".log"));
  }

  /** Profiles the edge in its JVM and the hub in this one while the next command runs. */
  private static void profile(Options o, Child edge, String name) {
    if (o.profileDir() != null) {
      edge.call("jfr-start " + o.profileDir().resolve(name + ".jfr"));
      Profiler.start(o.profileDir().resolve("hub-" + name.substring(5) + ".jfr"));
    }
  }

  private static void profileStop(Options o, Child edge) {
    if (o.profileDir() != null) {
      edge.call("jfr-stop");
      Profiler.stop();
    }
  }

  /** Whether every phase completed. */
  static boolean ok(JsonObject result) {
    for (String phase : List.of("push", "pull", "changeA", "changeB")) {
      JsonObject p = result.getJsonObject(phase);
      if (p == null || !"COMPLETE".equals(p.getString("status"))) {
        return false;
      }
    }
    return true;
  }
}
