package outpost.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * Local writes (issue 3): through the store API in a child JVM at -Xmx128m, for {@code commit} and
 * {@code fsync} durability with 1 and 16 concurrent writers.
 */
final class LocalWritesBench {
  record Options(long millis, Path work) {}

  private LocalWritesBench() {}

  static JsonArray run(Options o) {
    JsonArray out = new JsonArray();
    try (Child child = new Child(LocalWritesChild.class.getName(), SyncBench.EDGE_JVM, List.of(),
        o.work().resolve("local-writes.log"))) {
      // JIT warm-up, not reported: the rate still climbed over the first two or three runs of a fresh JVM.
      child.call("store " + o.work().resolve("warm-up") + " commit 16 " + o.millis());
      child.call("store " + o.work().resolve("warm-up-2") + " fsync 16 " + o.millis());
      child.call("engine " + o.work().resolve("warm-up-3") + " " + o.millis());
      for (String durability : List.of("commit", "fsync")) {
        for (int writers : List.of(1, 16)) {
          Path dir = o.work().resolve("local-" + durability + "-" + writers);
          JsonObject r = child.call("store " + dir + " " + durability + " " + writers + " " + o.millis());
          out.add(r.put("api", "store"));
        }
      }
      // Pipelined: 16 writers each keeping 16 puts in flight (a client of the asynchronous API, or an app with
      // many request threads): groups of up to 256 writes share a commit.
      Path dir = o.work().resolve("local-commit-16x16");
      out.add(child.call("store " + dir + " commit 16 " + o.millis() + " 16").put("api", "store"));
      // MVStore alone, as the store opens and checkpoints it: the ceiling of the rows above.
      out.add(child.call("engine " + o.work().resolve("engine") + " " + o.millis()).put("api", "engine alone"));
    }
    return out;
  }
}
