package outpost.system.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.FailedItems;
import outpost.proto.v1.Change;
import outpost.proto.v1.ChangeResult;
import outpost.proto.v1.Op;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.ResultStatus;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;

/**
 * Messages the other side cannot take: a change larger than the hub's maximum message size, records
 * whose batches would exceed it, data bytes that are not JSON and bytes that are not a protobuf message.
 * Each fails its call or its change with a clear status, never the process, and the hub keeps serving.
 */
class MessageLimitsTest {
  private static final int SMALL_LIMIT = 256 * 1024;

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
  void changeLargerThanTheHubTakesIsRejectedAndTheChangesBehindItSync() {
    try (GrpcHub hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).maxMessageBytes(SMALL_LIMIT).start();
        ProtocolEdge a = new ProtocolEdge(vertx, tmp.resolve("a"), "clinic-a", hub.address(), hub.addSite("clinic-a"));
        ProtocolEdge b = new ProtocolEdge(vertx, tmp.resolve("b"), "clinic-b", hub.address(), hub.addSite("clinic-b"))) {
      a.put("notes", "before", new JsonObject().put("v", 1));
      a.put("notes", "huge", new JsonObject().put("text", "x".repeat(400_000)));
      a.put("notes", "after", new JsonObject().put("v", 2));
      JsonObject run = a.sync(Duration.ofSeconds(60));
      assertEquals("PARTIAL", ProtocolEdge.status(run), "the oversized change failed, the others synced: " + run);
      List<JsonObject> failed = Await.of(new FailedItems(a.store).list());
      assertEquals(1, failed.size());
      assertEquals("huge", failed.get(0).getJsonObject("change").getString("i"));
      assertEquals("REJECTED", failed.get(0).getString("code"));
      assertTrue(failed.get(0).getString("reason").contains("bytes"), failed.get(0).getString("reason"));
      assertEquals(2, hub.head(), "the changes before and behind it reached the hub");
      assertEquals(0, a.pending());

      assertEquals("COMPLETE", ProtocolEdge.status(b.sync()), "the hub keeps serving");
      assertEquals(2, b.live("notes").size());
    }
  }

  @Test
  void recordsOfTwentyKilobytesSyncBothWaysUnderTheDefaultLimits() {
    try (GrpcHub hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).start();
        ProtocolEdge a = new ProtocolEdge(vertx, tmp.resolve("a"), "clinic-a", hub.address(), hub.addSite("clinic-a"));
        ProtocolEdge b = new ProtocolEdge(vertx, tmp.resolve("b"), "clinic-b", hub.address(), hub.addSite("clinic-b"))) {
      List<EdgeStore.BulkItem> items = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        items.add(new EdgeStore.BulkItem("big-" + i, new JsonObject().put("i", i).put("text", "y".repeat(20_000))));
      }
      Await.of(a.store.putAll("notes", items)); // 600 x 20 KB: one batch of 500 would be ~10 MB > 8 MiB
      JsonObject pushed = a.sync(Duration.ofSeconds(60));
      assertEquals("COMPLETE", ProtocolEdge.status(pushed), "push: " + ProtocolEdge.errorMessage(pushed));
      assertEquals(600, hub.head());
      JsonObject pulled = b.sync(Duration.ofSeconds(60));
      assertEquals("COMPLETE", ProtocolEdge.status(pulled), "pull: " + ProtocolEdge.errorMessage(pulled));
      Convergence.assertEdgeHoldsHub(hub, b, "notes");
    }
  }

  @Test
  void recordLargerThanTheEdgeTakesFailsThePullWithAClearError() {
    try (GrpcHub hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).start();
        ProtocolEdge a = new ProtocolEdge(vertx, tmp.resolve("a"), "clinic-a", hub.address(), hub.addSite("clinic-a"));
        ProtocolEdge b = new ProtocolEdge(vertx, tmp.resolve("b"), "clinic-b", hub.address(), hub.addSite("clinic-b"),
            ProtocolEdge.DEFAULT_IDLE, SMALL_LIMIT)) {
      a.put("notes", "huge", new JsonObject().put("text", "x".repeat(400_000)));
      assertEquals("COMPLETE", ProtocolEdge.status(a.sync()));
      JsonObject run = b.sync(Duration.ofSeconds(60));
      assertEquals("FAILED", ProtocolEdge.status(run));
      String message = ProtocolEdge.errorMessage(run);
      assertEquals("REJECTED", ProtocolEdge.errorCode(run), message);
      assertTrue(message.contains("maxMessageBytes"), message);
      assertEquals("COMPLETE", ProtocolEdge.status(a.sync()), "the hub keeps serving");
    }
  }

  @Test
  void dataBytesThatAreNotJsonAreRejectedAndTheRestOfTheBatchApplies() {
    try (GrpcHub hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).start();
        RawClient client = new RawClient(hub.address(), "clinic-a", hub.addSite("clinic-a"))) {
      PushBatch batch = PushBatch.newBuilder().setBatchNo(1)
          .addChanges(change(1, "good-1", ByteString.copyFromUtf8("{\"v\":1}")))
          .addChanges(change(2, "broken", ByteString.copyFrom(new byte[] {'{', (byte) 0xff, 0x01, '"'})))
          .addChanges(change(3, "array", ByteString.copyFromUtf8("[1,2]")))
          .addChanges(change(4, "good-2", ByteString.copyFromUtf8("{\"v\":2}")))
          .build();
      RawClient.Outcome outcome = client.push(List.of(batch));
      assertEquals(Status.Code.OK, outcome.status().getCode(), outcome.status().toString());
      List<ChangeResult> results = outcome.acks().get(0).getResultsList();
      assertEquals(List.of(ResultStatus.APPLIED, ResultStatus.REJECTED, ResultStatus.REJECTED, ResultStatus.APPLIED),
          results.stream().map(ChangeResult::getStatus).toList());
      assertEquals("REJECTED", results.get(1).getCode());
      assertTrue(results.get(1).getReason().startsWith("data is not valid JSON: "), results.get(1).getReason());
      assertEquals("data must be a JSON object", results.get(2).getReason());
      assertEquals(2, hub.head());
      assertEquals(2, client.hello().getHead(), "the hub keeps serving");
    }
  }

  @Test
  void bytesThatAreNotAPushBatchFailTheCallAndTheHubKeepsServing() {
    try (GrpcHub hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).start();
        RawClient client = new RawClient(hub.address(), "clinic-a", hub.addSite("clinic-a"))) {
      Status status = client.pushBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x01});
      // grpc-java parses the request before any application code runs and closes such a call with
      // UNKNOWN "Application error processing RPC"; an edge maps that to INTERNAL_ERROR.
      assertTrue(Set.of(Status.Code.UNKNOWN, Status.Code.INTERNAL).contains(status.getCode()), status.toString());
      assertEquals(0, hub.head());
      RawClient.Outcome next = client.push(List.of(PushBatch.newBuilder().setBatchNo(1)
          .addChanges(change(1, "fine", ByteString.copyFromUtf8("{\"v\":1}"))).build()));
      assertEquals(Status.Code.OK, next.status().getCode(), "the hub serves the next call");
      assertEquals(1, hub.head());
    }
  }

  @Test
  void pushBatchLargerThanTheHubTakesFailsTheCallWithAClearStatus() {
    try (GrpcHub hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).maxMessageBytes(SMALL_LIMIT).start();
        RawClient client = new RawClient(hub.address(), "clinic-a", hub.addSite("clinic-a"))) {
      String text = "{\"text\":\"" + "z".repeat(300_000) + "\"}";
      RawClient.Outcome outcome = client.push(List.of(PushBatch.newBuilder().setBatchNo(1)
          .addChanges(change(1, "too-big", ByteString.copyFromUtf8(text))).build()));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, outcome.status().getCode(), outcome.status().toString());
      assertEquals(0, hub.head());
      assertEquals(0, client.hello().getHead(), "the hub keeps serving");
    }
  }

  private static Change change(long seq, String id, ByteString data) {
    return Change.newBuilder().setOriginSeq(seq).setCollection("notes").setId(id).setOp(Op.PUT).setData(data)
        .addChangedFields("v").build();
  }
}
