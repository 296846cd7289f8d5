package outpost.system.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.LocalRecord;
import outpost.hub.store.StoredRecord;
import outpost.hub.store.pg.PgHubStore;
import outpost.system.TestEdge;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;
import outpost.system.fixture.PgSchema;

/**
 * Two hub replicas (two processes' worth of pools and gRPC servers) on one PostgreSQL database, ten
 * real edges split across them, random writes and concurrent syncs: everything converges, and no change
 * is skipped or applied twice (every hub version is unique). Seed printed; replay with -Doutpost.seed=N.
 */
class TwoReplicasTenEdgesTest {
  @TempDir
  Path tmp;

  @Test
  void tenEdgesOnTwoReplicasConvergeWithNothingSkippedOrDuplicated() throws Exception {
    long seed = Long.getLong("outpost.seed", System.nanoTime());
    Random random = new Random(seed);
    Vertx vertx = Vertx.vertx();
    try (PgSchema schema = new PgSchema(vertx)) {
      GrpcHub first = GrpcHub.on(vertx).store(new PgHubStore(vertx, schema.url(), GrpcHub.CATALOG)).start();
      GrpcHub second = GrpcHub.on(vertx).store(new PgHubStore(vertx, schema.url(), GrpcHub.CATALOG)).start();
      List<TestEdge> edges = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(10);
      try {
        for (int i = 0; i < 10; i++) {
          GrpcHub hub = i % 2 == 0 ? first : second;
          String site = "site-" + i;
          String token = hub.addSite(site);
          Await.of(first.auth.refresh());
          Await.of(second.auth.refresh());
          edges.add(new TestEdge(vertx, tmp.resolve(site), site, hub.address(), token));
        }
        int written = 0;
        for (int round = 0; round < 6; round++) {
          for (TestEdge edge : edges) {
            for (int w = 0; w < 20; w++) {
              // Each edge writes its own shared ids (no conflicts) and its own site-scoped records.
              String id = edge.site + "-n" + random.nextInt(40);
              edge.put("notes", id, new JsonObject().put("v", random.nextInt(1000)).put("by", edge.site));
              edge.put("patients", edge.site + "-p" + random.nextInt(10), new JsonObject().put("r", round));
              written += 2;
            }
          }
          List<Future<JsonObject>> runs = new ArrayList<>();
          for (TestEdge edge : edges) {
            if (random.nextInt(3) > 0) {
              runs.add(pool.submit(edge::sync));
            }
          }
          for (Future<JsonObject> run : runs) {
            assertEquals("COMPLETE", run.get().getString("status"), "seed=" + seed);
          }
        }
        for (int pass = 0; pass < 2; pass++) {
          List<Future<JsonObject>> runs = new ArrayList<>();
          edges.forEach(edge -> runs.add(pool.submit(edge::sync)));
          for (Future<JsonObject> run : runs) {
            assertEquals("COMPLETE", run.get().getString("status"), "seed=" + seed);
          }
        }
        Map<String, JsonObject> hubNotes = hubRecords(first, "notes");
        assertEquals(hubNotes, hubRecords(second, "notes"), "both replicas serve one state");
        Set<Long> versions = new HashSet<>();
        for (String collection : List.of("notes", "patients")) {
          for (StoredRecord r : Await.of(first.store.list(collection, null, 100_000))) {
            assertTrue(versions.add(r.version()), "seed=" + seed + " version used twice: " + r.version());
          }
        }
        for (TestEdge edge : edges) {
          assertEquals(0, edge.store.pending("central"), "seed=" + seed + " " + edge.site);
          assertEquals(hubNotes, edgeRecords(edge.store, "notes"), "seed=" + seed + " notes on " + edge.site);
          Map<String, JsonObject> patients = edgeRecords(edge.store, "patients");
          assertTrue(patients.keySet().stream().allMatch(id -> id.startsWith(edge.site + "-")),
              "seed=" + seed + " " + edge.site + " received another site's records: " + patients.keySet());
        }
        assertTrue(written > 0 && !hubNotes.isEmpty());
      } finally {
        pool.shutdownNow();
        edges.forEach(TestEdge::close);
        first.close();
        second.close();
      }
    } finally {
      Await.of(vertx.close());
    }
  }

  private static Map<String, JsonObject> hubRecords(GrpcHub hub, String collection) {
    Map<String, JsonObject> out = new HashMap<>();
    Await.of(hub.store.list(collection, null, 100_000)).forEach(r -> out.put(r.id(), r.data()));
    return out;
  }

  private static Map<String, JsonObject> edgeRecords(EdgeStore store, String collection) {
    Map<String, JsonObject> out = new HashMap<>();
    String after = null;
    do {
      EdgeStore.Page page = Await.of(store.list(collection, after, 1000));
      for (LocalRecord r : page.items()) {
        out.put(r.id(), r.data());
      }
      after = page.next();
    } while (after != null);
    return out;
  }
}
