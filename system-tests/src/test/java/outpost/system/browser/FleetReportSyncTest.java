package outpost.system.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.EdgeNode;
import outpost.proto.v1.HelloReply;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.SyncGrpc;
import outpost.system.fixture.Http;

/**
 * The fleet fields of GET /api/sites with a real hub and real edges: what an edge reports in its Hello reaches
 * the hub's site list, the list's latest run is the store's, and a Hello without a report (an older edge) still
 * answers and leaves the site without one.
 */
class FleetReportSyncTest {
  @TempDir
  Path tmp;
  Nodes nodes;

  @BeforeEach
  void start() {
    nodes = new Nodes(tmp);
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  @Test
  void anEdgeReportsItsStateAtEverySyncAndTheSiteListShowsIt() {
    EdgeNode edge = nodes.edge("clinic-a");
    Nodes.put(edge, "gadgets", "g1", new JsonObject().put("text", "the hub has no such collection"));
    JsonObject refused = Nodes.sync(edge);
    assertNotEquals("COMPLETE", refused.getString("status"), refused.encode());
    long before = System.currentTimeMillis();
    Nodes.put(edge, "notes", "n1", new JsonObject().put("text", "written before the next sync"));
    JsonObject next = Nodes.sync(edge);

    JsonObject site = site("clinic-a");
    JsonObject fleet = site.getJsonObject("fleet");
    assertNotNull(fleet, site.encode());
    assertFalse(fleet.getString("nodeVersion").isEmpty());
    assertEquals(1, fleet.getLong("pending"), "the note waited when the sync began: " + fleet.encode());
    long oldest = Instant.parse(fleet.getString("oldestPending")).toEpochMilli();
    assertTrue(oldest >= before - 1000 && oldest <= System.currentTimeMillis(), fleet.encode());
    assertEquals(1, fleet.getLong("failedItems"), "the refused gadget stays a failed item: " + fleet.encode());
    assertEquals(0, fleet.getLong("openConflicts"));
    assertTrue(fleet.getLong("storeBytes") > 0, fleet.encode());
    assertNotNull(fleet.getString("reportedAt"));

    JsonObject latest = Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?site=clinic-a&limit=1", Nodes.admin()).json()
        .getJsonArray("items").getJsonObject(0);
    assertEquals(next.getString("id"), latest.getString("id"), "the edge and the hub name the same run");
    assertEquals(latest.getString("id"), site.getJsonObject("lastRun").getString("id"));
    assertEquals(latest.getString("status"), site.getString("lastStatus"));
    assertEquals(latest.getString("status"), site.getJsonObject("lastRun").getString("status"));

    // The refused run names its item with the hub's code and reason, and is found by collection and operation.
    JsonObject onHub = run(refused.getString("id"));
    JsonArray items = onHub.getJsonArray("items");
    assertEquals(1, items.size(), onHub.encode());
    JsonObject item = items.getJsonObject(0);
    assertEquals("gadgets", item.getString("collection"));
    assertEquals("g1", item.getString("id"));
    assertEquals("REJECTED", item.getString("status"));
    assertEquals("NOT_SUPPORTED", item.getString("code"));
    assertFalse(item.getString("reason").isEmpty());
    JsonArray byCollection = Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?collection=gadgets&operation=push",
        Nodes.admin()).json().getJsonArray("items");
    assertEquals(1, byCollection.size(), byCollection.encode());
    assertEquals(refused.getString("id"), byCollection.getJsonObject(0).getString("id"));
    assertTrue(Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?collection=gadgets&operation=pull", Nodes.admin()).json()
        .getJsonArray("items").isEmpty());
    assertEquals(400, Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?operation=PUT", Nodes.admin()).status());
  }

  @Test
  void aHelloWithoutAReportStillAnswersAndTheSiteHasNone() {
    Http.Answer added = Nodes.HTTP.post(nodes.hubUrl() + "/api/sites", new JsonObject().put("id", "old-edge"),
        Nodes.admin());
    assertEquals(201, added.status(), added.body());
    ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + nodes.hub.grpcPort()).usePlaintext()
        .build();
    try {
      Metadata headers = new Metadata();
      headers.put(key("x-outpost-site"), "old-edge");
      headers.put(key("x-outpost-token"), added.json().getString("token"));
      headers.put(key("x-outpost-protocol"), "1");
      HelloReply reply = SyncGrpc.newBlockingStub(ClientInterceptors.intercept(channel,
              MetadataUtils.newAttachHeadersInterceptor(headers))).withDeadlineAfter(10, TimeUnit.SECONDS)
          .hello(HelloRequest.newBuilder().setNodeVersion("1").build());
      assertEquals("central", reply.getHubId());
      assertTrue(reply.getCollectionsCount() > 0);
    } finally {
      channel.shutdownNow();
    }
    JsonObject site = site("old-edge");
    assertNull(site.getValue("fleet"), site.encode());
    assertNull(site.getValue("lastRun"), site.encode());
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  private JsonObject site(String id) {
    return Nodes.HTTP.get(nodes.hubUrl() + "/api/sites", Nodes.admin()).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(s -> id.equals(s.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no site " + id));
  }

  private JsonObject run(String id) {
    return Nodes.HTTP.get(nodes.hubUrl() + "/api/sync/runs?q=" + id, Nodes.admin()).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(r -> id.equals(r.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no run " + id + " on the hub"));
  }
}
