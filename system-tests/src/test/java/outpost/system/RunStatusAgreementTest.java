package outpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.store.HubRun;
import outpost.system.fixture.Await;

/**
 * One sync id, one status: the edge's final status of a run and the hub's record of the same sync id (its push
 * and pull parts merged, docs/web-view.md "Statuses") agree for COMPLETE, PARTIAL (a refused change, a conflict)
 * and FAILED (a hub that was never reached keeps no record: it cannot say anything else). Real hub and edges in
 * one JVM.
 */
class RunStatusAgreementTest {
  @TempDir
  Path tmp;
  /** The hub and its edges, for the test that is running; closed by {@link #closeNodes}. */
  HubWithEdges nodes;

  @AfterEach
  void closeNodes() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void completeAndPartialRunsReadTheSameOnTheEdgeAndTheHub() {
    nodes = new HubWithEdges(tmp);
    try (TestEdge a = nodes.edge("clinic-a"); TestEdge b = nodes.edge("clinic-b")) {
      a.put("notes", "n1", new JsonObject().put("text", "first"));
      assertAgree(a, a.sync(), "COMPLETE");
      assertAgree(b, b.sync(), "COMPLETE");

      a.put("gadgets", "g1", new JsonObject().put("kg", 1)); // a collection the hub does not take
      assertAgree(a, a.sync(), "PARTIAL");

      a.put("notes", "n1", new JsonObject().put("text", "from a"));
      b.put("notes", "n1", new JsonObject().put("text", "from b"));
      assertAgree(a, a.sync(), "COMPLETE"); // a pushes its side first; its refused gadget waits as a failed item
      assertAgree(b, b.sync(), "PARTIAL"); // the conflict
    }
  }

  @Test
  void aRunThatNeverReachedTheHubIsFailedOnTheEdgeAndUnknownToTheHub() {
    nodes = new HubWithEdges(tmp);
    try (TestEdge a = nodes.edge("clinic-a")) {
      nodes.hub.stopServer();
      a.put("notes", "n1", new JsonObject().put("text", "offline"));
      JsonObject run = a.sync();
      assertEquals("FAILED", run.getString("status"));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
      assertEquals(Optional.empty(), hubRun("clinic-a", run.getString("id")));
    }
  }

  private void assertAgree(TestEdge edge, JsonObject run, String expected) {
    assertEquals(expected, run.getString("status"), run.encode());
    String id = run.getString("id");
    AtomicReference<Optional<HubRun>> seen = new AtomicReference<>();
    Await.upTo(() -> {
      seen.set(hubRun(edge.site, id));
      return seen.get().map(h -> h.status().equals(expected)).orElse(false);
    }, Duration.ofSeconds(20), Duration.ofMillis(50));
    Optional<HubRun> onHub = seen.get();
    assertTrue(onHub.isPresent(), "the hub has no record of sync " + id);
    assertEquals(run.getString("status"), onHub.get().status(), "edge and hub on sync " + id + ": " + onHub.get());
  }

  private Optional<HubRun> hubRun(String site, String syncId) {
    return Await.of(nodes.hub.store.runs(site, 100)).stream().filter(r -> r.syncId().equals(syncId)).findFirst();
  }
}
