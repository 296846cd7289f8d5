package outpost.system.fault;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import outpost.system.Folders;
import outpost.system.fixture.FaultProxy;
import outpost.system.fixture.Http;

/**
 * A cloned device (issue 18, item 6), played after the final check of an in-JVM seed: one site's edge is
 * killed, its data folder copied, and it restarts; a second edge starts on the copy with the same site id and
 * token. Each writes one record, so both use the same next change number (origin seq) for different content,
 * and each syncs, in a seeded order. Whichever pushes second must not be answered as a duplicate and told its
 * write is synced: its record reaches the hub, or its run reports the clash (not COMPLETE, or a failed item).
 */
final class CloneEpilogue {
  private CloneEpilogue() {}

  static void run(InJvmCluster cluster, Path dir, Random random, Figures figures, Checker checker) {
    String site = Cluster.SITES.get(random.nextInt(Cluster.SITES.size()));
    InJvmEdge original = cluster.edge(site);
    original.kill();
    Path copy = dir.resolve(site + "-clone");
    Folders.copy(dir.resolve(site), copy);
    original.start();
    try (FaultProxy link = new FaultProxy(cluster.hub().grpcPort())) {
      InJvmEdge clone = new InJvmEdge(copy, site, cluster.tokens.get(site), link, new JsonObject()
          .put("idleTimeout", "PT2S"));
      clone.start();
      try {
        List<InJvmEdge> order = random.nextBoolean() ? List.of(original, clone) : List.of(clone, original);
        for (InJvmEdge e : order) {
          String id = site + "-k" + (e == clone ? "clone" : "original");
          JsonObject value = new JsonObject().put("v", id + "-" + random.nextInt(1_000_000));
          Http.Answer a = e.rest().put(e.url() + "/api/records/notes/" + id, value);
          if (!a.ok()) {
            throw new AssertionError("clone epilogue: write " + id + " -> " + a.status() + " " + a.body());
          }
          JsonObject run = e.sync(60);
          // A sync request joins a run already going (the original's start-up run, say), which may have read
          // the log before this write: its COMPLETE says nothing of the write, so sync until it is not pending.
          for (int i = 0; i < 3 && run != null && "pending".equals(syncState(e, id)); i++) {
            run = e.sync(60);
          }
          boolean reported = run == null || !"COMPLETE".equals(run.getString("status"))
              || !Cluster.edgeFailed(e).isEmpty();
          JsonObject onHub = cluster.hubRecords("notes").get(id);
          boolean applied = onHub != null && value.equals(onHub.getJsonObject("data"));
          if (!applied && !reported) {
            figures.inc("check.lost");
            checker.violation("cloned device: " + id + " was written on " + (e == clone ? "the clone" : "the original")
                + " of " + site + " and its run was COMPLETE, but the hub holds " + onHub);
          } else if (!applied) {
            figures.inc("clone.reported");
          }
        }
        figures.inc("fault.clone");
      } finally {
        clone.close();
      }
    }
  }

  private static String syncState(InJvmEdge e, String id) {
    Http.Answer a = e.rest().get(e.url() + "/api/records/notes/" + id);
    return a.ok() ? a.json().getJsonObject("sync").getString("state") : null;
  }

}
