package outpost.system.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Twenty edges push at once while three other edges pull over and over: batches from many sites commit
 * while pulls read, which is where a reader could skip a change committed late with a smaller number.
 * No edge may miss a change: after the pushes end and one more sync each, every edge holds exactly the
 * hub's records of its scope at the hub's versions, without the divergence repair having to step in,
 * and the hub gave every change one version.
 */
class ConcurrentPushPullTest extends OneGrpcHubCase {
  private static final int PUSHERS = 20;
  private static final int PULLERS = 3;
  private static final int ROUNDS = 4;

  final List<ProtocolEdge> edges = new ArrayList<>();

  @AfterEach
  void closeEdges() {
    edges.forEach(ProtocolEdge::close);
  }

  @Override
  ProtocolEdge edge(String site) {
    ProtocolEdge edge = super.edge(site);
    edges.add(edge);
    return edge;
  }

  @Test
  void noEdgeMissesAChangeWhileTwentyEdgesPushAndOthersPull() throws Exception {
    long seed = Seeds.seed("ConcurrentPushPullTest");
    List<ProtocolEdge> pushers = new ArrayList<>();
    List<ProtocolEdge> pullers = new ArrayList<>();
    for (int i = 0; i < PUSHERS; i++) {
      pushers.add(edge(String.format("push-%02d", i)));
    }
    for (int i = 0; i < PULLERS; i++) {
      pullers.add(edge("pull-" + i));
    }
    AtomicLong changes = new AtomicLong();
    AtomicBoolean pushing = new AtomicBoolean(true);
    List<String> bad = new java.util.concurrent.CopyOnWriteArrayList<>();
    ConcurrentHashMap<String, Integer> pullRuns = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(PUSHERS + PULLERS);
    try {
      List<Future<?>> pushes = new ArrayList<>();
      for (int i = 0; i < PUSHERS; i++) {
        ProtocolEdge edge = pushers.get(i);
        NotesWriter writer = new NotesWriter(edge, new Random(seed + i));
        pushes.add(pool.submit(() -> {
          for (int round = 0; round < ROUNDS; round++) {
            changes.addAndGet(writer.round(round, 20 + new Random(seed * 31 + round).nextInt(40), 5, 1));
            edge.put("patients", edge.site + "-p" + round, new JsonObject().put("round", round));
            changes.incrementAndGet();
            JsonObject run = edge.sync();
            if (!"COMPLETE".equals(ProtocolEdge.status(run))) {
              bad.add(edge.site + ": " + run.encode());
            }
          }
          return null;
        }));
      }
      List<Future<?>> pulls = new ArrayList<>();
      for (ProtocolEdge edge : pullers) {
        pulls.add(pool.submit(() -> {
          while (pushing.get()) {
            JsonObject run = edge.sync();
            pullRuns.merge(edge.site, 1, Integer::sum);
            if (!"COMPLETE".equals(ProtocolEdge.status(run))) {
              bad.add(edge.site + ": " + run.encode());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : pushes) {
        f.get(120, TimeUnit.SECONDS);
      }
      pushing.set(false);
      for (Future<?> f : pulls) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), bad, "every run completed");

    for (ProtocolEdge edge : edges) {
      assertEquals("COMPLETE", ProtocolEdge.status(edge.sync()), edge.site);
    }
    assertEquals(changes.get(), hub.head(), "one version per change");
    assertEquals(changes.get(), hub.ingested("APPLIED"), "each change processed once");
    for (ProtocolEdge edge : pullers) {
      Convergence.assertEdgeHoldsHub(hub, edge, "notes");
      assertEquals(0, edge.live("patients").size(), edge.site + " receives no other site's patients");
    }
    for (ProtocolEdge edge : pushers) {
      Convergence.assertEdgeHoldsHub(hub, edge, "notes");
      Convergence.assertEdgeHoldsHub(hub, edge, "patients", r -> r.owner().equals(edge.site));
      assertEquals(ROUNDS, edge.live("patients").size());
    }
    for (ProtocolEdge edge : edges) {
      Convergence.assertNoRepair(edge);
    }
    assertTrue(pullRuns.values().stream().allMatch(n -> n >= 3), "the pullers pulled during the pushes: " + pullRuns);
    System.out.printf("ConcurrentPushPullTest seed=%d: %d changes from %d edges, pull runs during the pushes %s%n",
        seed, changes.get(), PUSHERS, pullRuns);
  }
}
