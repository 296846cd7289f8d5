package outpost.system.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.store.StoredRecord;
import outpost.system.fixture.Await;
import outpost.system.fixture.Fault.Direction;
import outpost.system.fixture.Fault;
import outpost.system.fixture.FaultProxy;
import outpost.system.fixture.GrpcHub;

/**
 * A proxy between the edges and the hub cuts the link at random byte counts and moments, during push
 * and during pull, for 50 seeded rounds (the seed is printed; replay with -Doutpost.seed=N). Edge A
 * writes a few thousand changes (creates, updates, deletes; some rounds span several push batches) and
 * edge B writes a few and pulls everything. After the cuts stop and a clean sync: the hub gave every
 * change exactly one version and processed each exactly once as new (its per-result counters), and both
 * edges hold every hub record once at the hub's version, without needing the divergence repair.
 */
class LinkCutIT {
  private static final int ROUNDS = 50;
  private static final String NOTES = NotesWriter.COLLECTION;

  @TempDir
  Path tmp;
  Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    Await.of(vertx.close());
  }

  @Test
  void cutLinksDuringPushAndPullLoseNothingAndApplyNothingTwice() {
    long seed = Seeds.seed("LinkCutIT");
    Random random = new Random(seed);
    long started = System.nanoTime();
    try (GrpcHub hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).start();
        FaultProxy proxy = new FaultProxy(hub.port());
        ProtocolEdge a = new ProtocolEdge(vertx, tmp.resolve("a"), "clinic-a", proxy.address(), hub.addSite("clinic-a"));
        ProtocolEdge b = new ProtocolEdge(vertx, tmp.resolve("b"), "clinic-b", proxy.address(), hub.addSite("clinic-b"))) {
      NotesWriter writerA = new NotesWriter(a, random);
      NotesWriter writerB = new NotesWriter(b, random);
      Map<String, Integer> failures = new TreeMap<>();
      int failedRuns = 0;
      int previousFromB = 0;
      // What a sync with nothing to move sends each way (Hello, the fleet report, the run report): the cuts are
      // spread over that plus the changes' bytes, so that they land inside a sync's traffic.
      long[] idleA = idleSyncBytes(proxy, a);
      long[] idleB = idleSyncBytes(proxy, b);
      for (int round = 0; round < ROUNDS; round++) {
        int creates = round % 10 == 7 ? 550 + random.nextInt(450) : 10 + random.nextInt(90);
        int fromA = writerA.round(round, creates, random.nextInt(25), random.nextInt(4));
        int fromB = writerB.round(round, random.nextInt(8), 0, 0);
        int lastFromB = previousFromB;
        previousFromB = fromB;

        // A pull leaves out the edge's own changes: what comes down is the other edge's, so the cuts are spread
        // over those bytes (and land inside the traffic rather than past its end).
        proxy.plan(faults(random, 260L * fromA + idleA[0], 300L * lastFromB + idleA[1]));
        failedRuns += record(a.sync(), failures);
        proxy.clearPlan();
        proxy.plan(faults(random, 260L * fromB + idleB[0], 300L * fromA + idleB[1]));
        failedRuns += record(b.sync(), failures);
        proxy.clearPlan();
      }
      int faults = proxy.faultsHit();

      assertEquals("COMPLETE", ProtocolEdge.status(a.sync()), "clean sync of A");
      assertEquals("COMPLETE", ProtocolEdge.status(b.sync()), "clean sync of B");
      assertEquals("COMPLETE", ProtocolEdge.status(a.sync()), "A pulls what B pushed last");
      assertEquals(0, a.pending(), "A has nothing left to push");
      assertEquals(0, b.pending(), "B has nothing left to push");

      long changes = writerA.changes() + writerB.changes();
      assertEquals(changes, hub.head(), "every change got exactly one hub version");
      assertEquals(changes, hub.ingested("APPLIED"), "every change was processed as new exactly once");
      assertEquals(0, hub.ingested("MERGED") + hub.ingested("CONFLICT") + hub.ingested("REJECTED"));

      Map<String, JsonObject> expected = new TreeMap<>(writerA.live());
      expected.putAll(writerB.live());
      Map<String, JsonObject> onHub = new TreeMap<>();
      for (StoredRecord r : hub.live(NOTES)) {
        onHub.put(r.id(), r.data());
      }
      assertEquals(expected.keySet(), onHub.keySet(), "the hub holds exactly the live records");
      assertEquals(expected, onHub, "the hub holds the latest value of each record");
      for (String id : writerA.deleted()) {
        assertTrue(Await.of(hub.store.get(new outpost.common.RecordKey(NOTES, id))).orElseThrow().deleted(),
            "deleted on the hub: " + id);
      }
      Convergence.assertEdgeHoldsHub(hub, a, NOTES);
      Convergence.assertEdgeHoldsHub(hub, b, NOTES);
      Convergence.assertNoRepair(a);
      Convergence.assertNoRepair(b);

      assertTrue(faults >= ROUNDS, "the proxy hit only " + faults + " faults");
      Map<String, Integer> byCall = proxy.hitsByCall();
      assertTrue(byCall.getOrDefault("Push", 0) >= 5 && byCall.getOrDefault("Pull", 0) >= 5,
          "cuts broke pushes and pulls: " + byCall);
      assertEquals(failures.keySet().isEmpty() ? List.of() : List.of("CONNECTION_ERROR"),
          new ArrayList<>(failures.keySet()), "a cut link fails a run only with CONNECTION_ERROR: " + failures);
      System.out.printf("LinkCutIT seed=%d: %d changes, %d faults hit over %d connections (by call %s),"
          + " %d runs failed %s, %d re-sent changes answered DUPLICATE, %.1f s%n", seed, changes, faults,
          proxy.connections(), byCall, failedRuns, failures, hub.ingested("DUPLICATE"),
          (System.nanoTime() - started) / 1e9);
    }
  }

  /** The bytes a clean sync with nothing to push or pull moves to the hub and back. */
  private static long[] idleSyncBytes(FaultProxy proxy, ProtocolEdge edge) {
    assertEquals("COMPLETE", ProtocolEdge.status(edge.sync()), "a first sync without faults");
    long up = proxy.bytes(Direction.TO_HUB);
    long down = proxy.bytes(Direction.TO_EDGE);
    assertEquals("COMPLETE", ProtocolEdge.status(edge.sync()), "a sync with nothing to move");
    return new long[] {proxy.bytes(Direction.TO_HUB) - up, proxy.bytes(Direction.TO_EDGE) - down};
  }

  /** Counts a run's failure by error code; answers 1 when it failed. */
  private static int record(JsonObject run, Map<String, Integer> failures) {
    String status = ProtocolEdge.status(run);
    if ("COMPLETE".equals(status)) {
      return 0;
    }
    failures.merge(ProtocolEdge.errorCode(run) + "", 1, Integer::sum);
    return 1;
  }

  /**
   * One fault for the next connection; or, one time in five, four early ones, so that a step's three
   * attempts run out and the next run has to resume what this one left.
   */
  private static Fault[] faults(Random random, long bytesUp, long bytesDown) {
    boolean many = random.nextInt(5) == 0;
    Fault[] out = new Fault[many ? 4 : 1];
    double reach = many ? 0.5 : 1.1;
    for (int i = 0; i < out.length; i++) {
      int kind = random.nextInt(10);
      out[i] = kind < 4 ? Fault.cutAfterBytes(Direction.TO_HUB, (long) (random.nextDouble() * reach * bytesUp))
          : kind < 8 ? Fault.cutAfterBytes(Direction.TO_EDGE, (long) (random.nextDouble() * reach * bytesDown))
          : Fault.cutAfterMillis(random.nextInt(400));
    }
    return out;
  }
}
