package outpost.system.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import outpost.edge.store.EdgeStore;
import outpost.hub.store.HubRun;
import outpost.system.fixture.Await;
import outpost.system.fixture.Fault;
import outpost.system.fixture.FaultProxy;

/**
 * The hub commits a push batch and its acknowledgement never reaches the edge: the proxy cuts the link
 * at the first DATA frame the hub sends on the Push call (HTTP/2 frames parsed, the call found by its
 * path). The edge keeps the changes and re-sends them; the hub answers DUPLICATE and applies nothing
 * twice.
 */
class AckLossTest extends OneGrpcHubCase {
  private static final String PUSH = "/outpost.v1.Sync/Push";

  FaultProxy proxy;
  ProtocolEdge edge;

  @BeforeEach
  void startProxyAndEdge() {
    proxy = new FaultProxy(hub.port());
    edge = new ProtocolEdge(vertx, tmp.resolve("edge"), "clinic-a", proxy.address(), hub.addSite("clinic-a"));
  }

  @AfterEach
  void closeEdgeAndProxy() {
    edge.close();
    proxy.close();
  }

  @Test
  void pushIsIdempotentWhenAckIsLostAndTheNextRunResends() {
    write(300); // one push batch
    proxy.plan(Fault.cutAtResponseData(PUSH));
    proxy.fallback(Fault.refuse()); // the run's retries find no link: the run ends without the ack
    JsonObject lost = edge.sync();
    assertEquals("FAILED", ProtocolEdge.status(lost));
    assertEquals("CONNECTION_ERROR", ProtocolEdge.errorCode(lost));
    assertTrue(proxy.faultsHit() >= 1, "the ack was dropped");
    assertEquals(300, hub.head(), "the hub committed the batch before acknowledging it");
    assertEquals(300, edge.pending(), "without the ack the edge keeps every change");

    proxy.fallback(Fault.none());
    JsonObject resent = edge.sync();
    assertEquals("COMPLETE", ProtocolEdge.status(resent));
    assertEquals(300, hub.head(), "the re-send changed nothing on the hub");
    assertEquals(300, hub.ingested("APPLIED"));
    assertEquals(300, hub.ingested("DUPLICATE"), "every re-sent change was answered DUPLICATE");
    HubRun run = hubRun(resent.getString("id"));
    assertEquals(300, run.duplicates());
    assertEquals(0, run.applied());
    JsonObject detail = outpost.edge.run.RunJson.toJson(Await.of(edge.engine.history().get(resent.getString("id"))).orElseThrow());
    List<String> statuses = detail.getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getString("status")).distinct().toList();
    assertEquals(List.of("DUPLICATE"), statuses, "the edge heard DUPLICATE for each change");
    assertEquals(0, edge.pending());
    Convergence.assertEdgeHoldsHub(hub, edge, NotesWriter.COLLECTION);
  }

  @Test
  void pushIsIdempotentWhenAckIsLostAndTheRunRetries() {
    write(1_200); // three push batches, up to all of them in flight
    proxy.plan(Fault.cutAtResponseData(PUSH));
    JsonObject run = edge.sync();
    assertEquals("COMPLETE", ProtocolEdge.status(run), "the run's own retry finished the push");
    assertEquals(1, proxy.faultsHit());
    long duplicates = hub.ingested("DUPLICATE");
    assertTrue(duplicates >= 500, "at least the batch whose ack was cut was re-sent: " + duplicates);
    assertEquals(1_200, hub.head(), "one version per change");
    assertEquals(1_200, hub.ingested("APPLIED"), "no change was applied twice");
    assertEquals(0, edge.pending());
    Convergence.assertEdgeHoldsHub(hub, edge, NotesWriter.COLLECTION);
  }

  @Test
  void resentChangeAnsweredDuplicateTakesTheHubsNewerValue() {
    edge.put("notes", "x", new JsonObject().put("a", 1).put("b", 1));
    proxy.plan(Fault.cutAtResponseData(PUSH));
    proxy.fallback(Fault.refuse());
    assertEquals("FAILED", ProtocolEdge.status(edge.sync()));
    assertEquals(1, hub.head(), "x is on the hub; its ack was lost");

    // Meanwhile another site changes x on the hub.
    try (ProtocolEdge other = new ProtocolEdge(vertx, tmp.resolve("other"), "clinic-b", hub.address(),
        hub.addSite("clinic-b"))) {
      assertEquals("COMPLETE", ProtocolEdge.status(other.sync()));
      other.put("notes", "x", new JsonObject().put("a", 1).put("b", 2));
      assertEquals("COMPLETE", ProtocolEdge.status(other.sync()));
    }
    assertEquals(2, hub.head());

    proxy.fallback(Fault.none());
    assertEquals("COMPLETE", ProtocolEdge.status(edge.sync()));
    assertEquals(1, hub.ingested("DUPLICATE"));
    assertEquals(2, hub.head(), "the re-send changed nothing on the hub");
    assertEquals(new JsonObject().put("a", 1).put("b", 2), edge.get("notes", "x").orElseThrow().data(),
        "the edge holds the hub's value at the version it was told, not its own older one");
    Convergence.assertEdgeHoldsHub(hub, edge, "notes");
  }

  private void write(int count) {
    List<EdgeStore.BulkItem> items = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(new EdgeStore.BulkItem(String.format("n%05d", i), new JsonObject().put("i", i).put("text", "x" + i)));
    }
    Await.of(edge.store.putAll(NotesWriter.COLLECTION, items));
  }

  private HubRun hubRun(String syncId) {
    // The hub files a call's part of the run after the call ended: wait for it with a deadline.
    return Await.value(() -> Await.of(hub.store.runs("clinic-a", 100)).stream()
        .filter(r -> r.syncId().equals(syncId) && r.pushed() > 0).findFirst().orElse(null),
        Duration.ofSeconds(10), "the hub to file run " + syncId);
  }

}
