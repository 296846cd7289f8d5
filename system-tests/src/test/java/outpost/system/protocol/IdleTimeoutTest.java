package outpost.system.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import outpost.edge.store.EdgeStore;
import outpost.system.fixture.Await;
import outpost.system.fixture.Fault.Direction;
import outpost.system.fixture.Fault;
import outpost.system.fixture.FaultProxy;

/**
 * No "busy forever": a link that stays open but carries nothing (before the hello, mid-push, mid-pull, or a
 * retry into a stalled link) fails the step waiting on it with TIMEOUT once the idle timeout (2 s here) has
 * passed with no traffic, never hangs, leaves the edge idle, and the next run proceeds: nothing pending, every
 * hub record on the edge. The one test of this behaviour (in-JVM nodes: the timing bounds can be tight).
 */
class IdleTimeoutTest extends OneGrpcHubCase {
  private static final Duration IDLE = Duration.ofSeconds(2);
  /** The idle timeout plus room for a busy machine; a hang would take far longer. */
  private static final long BOUND_MILLIS = IDLE.toMillis() + 4_000;

  FaultProxy proxy;

  @BeforeEach
  void startProxy() {
    proxy = new FaultProxy(hub.port());
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  /** An edge that reaches the hub through the proxy and gives up after {@link #IDLE} with no traffic. */
  @Override
  ProtocolEdge edge(String site) {
    return new ProtocolEdge(vertx, tmp.resolve(site), site, proxy.address(), hub.addSite(site), IDLE,
        ProtocolEdge.DEFAULT_MAX_MESSAGE);
  }

  @Test
  void linkThatAcceptsButForwardsNothingTimesOutAndTheNextRunProceeds() {
    try (ProtocolEdge edge = edge("clinic-a")) {
      edge.put("notes", "n1", new JsonObject().put("v", 1));
      proxy.fallback(Fault.stall());
      JsonObject stalled = timed(edge);
      assertEquals("FAILED", ProtocolEdge.status(stalled));
      assertEquals("TIMEOUT", ProtocolEdge.errorCode(stalled), ProtocolEdge.errorMessage(stalled));
      assertEquals("FAILED", step(stalled, "push").getString("state"), "the hub's first step failed");

      recovers(edge);
      assertEquals(1, hub.head(), "the change arrived on the next run");
    }
  }

  @Test
  void linkThatStallsDuringPushTimesOutThePushStep() {
    try (ProtocolEdge edge = edge("clinic-a")) {
      write(edge, 3_000);
      proxy.plan(Fault.stallAfterBytes(Direction.TO_HUB, 60_000));
      JsonObject stalled = timed(edge);
      assertEquals("TIMEOUT", ProtocolEdge.errorCode(stalled), ProtocolEdge.errorMessage(stalled));
      assertEquals("FAILED", step(stalled, "push").getString("state"));
      assertTrue(edge.pending() > 0, "unacknowledged changes are kept");

      recovers(edge);
      assertEquals(3_000, hub.head());
    }
  }

  @Test
  void pushThatReconnectsIntoAStalledLinkTimesOutInsteadOfWaitingForever() {
    try (ProtocolEdge edge = edge("clinic-a")) {
      write(edge, 600);
      proxy.plan(Fault.cutAtResponseData("/outpost.v1.Sync/Push"));
      proxy.fallback(Fault.stall()); // the retry's new connection never becomes ready
      JsonObject stalled = timed(edge);
      assertEquals("TIMEOUT", ProtocolEdge.errorCode(stalled), ProtocolEdge.errorMessage(stalled));
      assertEquals("FAILED", step(stalled, "push").getString("state"));

      recovers(edge);
      assertEquals(600, hub.head());
      assertEquals(600, hub.ingested("APPLIED"));
    }
  }

  @Test
  void linkThatStallsDuringPullTimesOutThePullStepAndTheNextRunResumes() {
    try (ProtocolEdge writer = new ProtocolEdge(vertx, tmp.resolve("w"), "clinic-w", hub.address(), hub.addSite("clinic-w"));
        ProtocolEdge reader = edge("clinic-r")) {
      write(writer, 3_000);
      assertEquals("COMPLETE", ProtocolEdge.status(writer.sync()));
      proxy.plan(Fault.stallAfterBytes(Direction.TO_EDGE, 150_000));
      JsonObject stalled = timed(reader);
      assertEquals("TIMEOUT", ProtocolEdge.errorCode(stalled), ProtocolEdge.errorMessage(stalled));
      assertEquals("COMPLETE", step(stalled, "push").getString("state"));
      assertEquals("FAILED", step(stalled, "pull").getString("state"));
      long before = reader.live("notes").size();
      assertTrue(before < 3_000, "the stall came before the end of the pull: " + before);

      proxy.cut();
      JsonObject resumed = reader.sync();
      assertEquals("COMPLETE", ProtocolEdge.status(resumed));
      assertEquals(3_000 - before, step(resumed, "pull").getLong("done"),
          "the next pull resumed after the last applied batch");
      Convergence.assertEdgeHoldsHub(hub, reader, "notes");
    }
  }

  /** Runs a sync into the silent link: it ends after the idle timeout, not before nor much after, and the edge is idle. */
  private static JsonObject timed(ProtocolEdge edge) {
    long started = System.nanoTime();
    JsonObject run = edge.sync(Duration.ofSeconds(60));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(millis >= IDLE.toMillis(), "the run waited the idle timeout, not less: " + millis + " ms");
    assertTrue(millis <= BOUND_MILLIS, "the run ended " + millis + " ms after it started");
    Await.until(() -> edge.engine.current().isEmpty(), 30, "the edge to be idle after the timed-out run");
    return run;
  }

  /** Once the link flows again the next run completes, nothing is left pending and the edge holds the hub's records. */
  private void recovers(ProtocolEdge edge) {
    proxy.fallback(Fault.none());
    proxy.cut();
    JsonObject next = edge.sync();
    assertEquals("COMPLETE", ProtocolEdge.status(next), next.encode());
    assertEquals(0, edge.pending(), "nothing pending after the stall");
    Convergence.assertEdgeHoldsHub(hub, edge, "notes");
  }

  private static JsonObject step(JsonObject run, String name) {
    for (Object s : run.getJsonArray("hubs").getJsonObject(0).getJsonArray("steps")) {
      if (((JsonObject) s).getString("name").equals(name)) {
        return (JsonObject) s;
      }
    }
    throw new AssertionError("no step " + name);
  }

  private static void write(ProtocolEdge edge, int count) {
    List<EdgeStore.BulkItem> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(new EdgeStore.BulkItem(edge.site + "-" + i, new JsonObject().put("i", i).put("text", "t".repeat(100))));
    }
    Await.of(edge.store.putAll("notes", items));
  }
}
