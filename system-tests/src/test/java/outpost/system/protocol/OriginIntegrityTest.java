package outpost.system.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.store.FailedItems;
import outpost.edge.store.LocalRecord;
import outpost.edge.store.RecordState;
import outpost.hub.store.HubRun;
import outpost.proto.v1.Change;
import outpost.proto.v1.HelloReply;
import outpost.proto.v1.Op;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.ResultStatus;
import outpost.system.Folders;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;

/**
 * Origin sequence numbers, the exactly-once key of a site's changes, as a careless or hostile client, a cloned
 * device and a broken hub use them: a number no edge could follow, a hub that reports one, a hub that
 * acknowledges without answering or answers "duplicate" for what it does not hold, and two devices with one site
 * identity. A site's writes either reach the hub or stay visibly unsynced; a run never says COMPLETE over
 * changes it did not push.
 */
class OriginIntegrityTest {
  @TempDir
  Path tmp;
  Vertx vertx;
  GrpcHub hub;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    if (hub != null) {
      hub.close();
    }
    Await.of(vertx.close());
  }

  private static JsonObject note(String text) {
    return new JsonObject().put("text", text);
  }

  @Test
  void aHugeOriginSeqFromARawClientIsRefusedAndTheSitesWritesStillReachTheHub() {
    hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).start();
    String token = hub.addSite("clinic-a");
    try (RawClient raw = new RawClient(hub.address(), "clinic-a", token)) {
      RawClient.Outcome out = raw.push(List.of(PushBatch.newBuilder().setBatchNo(1).setSyncId("raw")
          .addChanges(Change.newBuilder().setOriginSeq(Long.MAX_VALUE).setCollection("notes").setId("evil")
              .setOp(Op.PUT).setData(ByteString.copyFromUtf8("{\"text\":\"x\"}")).addChangedFields("text"))
          .build()));
      assertEquals(Status.Code.OK, out.status().getCode());
      assertEquals(ResultStatus.REJECTED, out.acks().get(0).getResults(0).getStatus());
      assertEquals("BAD_REQUEST", out.acks().get(0).getResults(0).getCode());
      assertEquals(0, raw.hello().getLastOriginSeq(), "the refused number did not move the site");
    }
    assertNull(hub.data("notes", "evil"));

    try (ProtocolEdge edge = new ProtocolEdge(vertx, tmp.resolve("a"), "clinic-a", hub.address(), token)) {
      for (int i = 0; i < 3; i++) {
        edge.put("notes", "n" + i, note("written " + i));
      }
      assertEquals("COMPLETE", ProtocolEdge.status(edge.sync()));
      edge.put("notes", "n3", note("written later"));
      assertEquals("COMPLETE", ProtocolEdge.status(edge.sync()));
      assertEquals(0, edge.pending());
      for (int i = 0; i < 3; i++) {
        assertEquals(note("written " + i), hub.data("notes", "n" + i));
      }
      assertEquals(note("written later"), hub.data("notes", "n3"));
    }
  }

  @Test
  void aHubReportingASequenceNoSiteMayUseFailsTheRunWithACodeAndKeepsTheChangesPending() {
    // A hub store that took 2^63 - 1 before numbers were bounded reports it in every Hello.
    hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).answers(rewriting(HelloReply.class,
        h -> h.toBuilder().setLastOriginSeq(Long.MAX_VALUE).build())).start();
    try (ProtocolEdge edge = edgeWithTwoNotes()) {
      JsonObject run = edge.sync();
      assertEquals("FAILED", ProtocolEdge.status(run), run.encodePrettily());
      assertEquals("INTEGRATION_ERROR", ProtocolEdge.errorCode(run));
      assertTrue(ProtocolEdge.errorMessage(run).contains(Long.toString(Long.MAX_VALUE)), ProtocolEdge.errorMessage(run));
      assertEquals(2, edge.pending(), "nothing was renumbered past the end, nothing was dropped");
      LocalRecord n1 = edge.get("notes", "n1").orElseThrow();
      assertEquals(RecordState.PENDING, n1.state());
      assertTrue(n1.pendingSeq() > 0, "renumbering did not wrap around: " + n1.pendingSeq());
      assertNull(hub.data("notes", "n1"));
    }
  }

  @Test
  void aRunWhosePendingChangesTheHubNeverAnsweredIsNotComplete() {
    hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).answers(rewriting(PushAck.class,
        ack -> ack.toBuilder().clearResults().build())).start();
    try (ProtocolEdge edge = edgeWithTwoNotes()) {
      JsonObject run = edge.sync();
      assertNotEquals("COMPLETE", ProtocolEdge.status(run), run.encodePrettily());
      JsonObject push = run.getJsonArray("hubs").getJsonObject(0).getJsonArray("steps").getJsonObject(0);
      assertEquals("push", push.getString("name"));
      assertEquals("FAILED", push.getString("state"));
      assertNotNull(push.getJsonObject("error"));
      assertTrue(push.getJsonObject("error").getString("message").contains("not pushed"), push.encode());
      assertEquals(2, edge.pending(), "the changes stay pending for the next run");
    }
  }

  @Test
  void aDuplicateAnswerForARecordTheHubDoesNotHoldLeavesTheWriteFailedNotSynced() {
    // What a hub without content digests answers a cloned device: "already processed", holding no such record.
    hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).answers(rewriting(PushAck.class, ack -> {
      PushAck.Builder b = ack.toBuilder();
      b.getResultsBuilderList().forEach(r -> r.setStatus(ResultStatus.DUPLICATE).setVersion(0).clearHubData()
          .setHubDeleted(false));
      return b.build();
    })).start();
    String token = hub.addSite("clinic-a");
    try (ProtocolEdge edge = new ProtocolEdge(vertx, tmp.resolve("a"), "clinic-a", hub.address(), token)) {
      // A new edge does not know yet that only the hub writes items: the hub refuses it (and the answer lies).
      edge.put("items", "i1", note("one"));
      JsonObject run = edge.sync();
      assertNotEquals("COMPLETE", ProtocolEdge.status(run), run.encodePrettily());
      assertNull(hub.data("items", "i1"));
      assertEquals(RecordState.FAILED, edge.get("items", "i1").orElseThrow().state());
      List<JsonObject> failed = Await.of(new FailedItems(edge.store).list());
      assertEquals(List.of("ORIGIN_REUSED"), failed.stream().map(f -> f.getString("code")).toList());
    }
  }

  /**
   * Two devices with one site identity: an edge's data folder copied while it was stopped, and both copies
   * started with the same site id and token. They number their writes alike, so the hub meets different changes
   * under one (site, originSeq). No write may vanish as a "duplicate": each is on the hub or shown failed on its
   * edge, the run that carried a refused one is not COMPLETE, and the hub's run log says why.
   */
  @Test
  void aClonedDeviceNeverLosesAWriteSilently() {
    hub = GrpcHub.on(vertx).dir(tmp.resolve("hub")).start();
    String token = hub.addSite("clinic-a");
    Path original = tmp.resolve("device-1");
    try (ProtocolEdge first = new ProtocolEdge(vertx, original, "clinic-a", hub.address(), token)) {
      first.put("notes", "before", new JsonObject().put("text", "written before the copy"));
      assertEquals("COMPLETE", ProtocolEdge.status(first.sync()));
    }
    Path clone = tmp.resolve("device-2");
    Folders.copy(original, clone);

    try (ProtocolEdge one = new ProtocolEdge(vertx, original, "clinic-a", hub.address(), token);
        ProtocolEdge two = new ProtocolEdge(vertx, clone, "clinic-a", hub.address(), token)) {
      one.put("notes", "by-one", new JsonObject().put("text", "from device 1"));
      two.put("notes", "by-two", new JsonObject().put("text", "from device 2"));
      two.put("notes", "before", new JsonObject().put("text", "edited on device 2"));
      one.put("notes", "before", new JsonObject().put("text", "edited on device 1"));

      assertEquals("COMPLETE", ProtocolEdge.status(one.sync()));
      JsonObject run = two.sync();
      assertNotEquals("COMPLETE", ProtocolEdge.status(run), "device 2's writes were refused: " + run.encode());

      // Every write of device 2 is on the hub or failed on device 2, never "synced" while the hub lacks it.
      for (String id : List.of("by-two", "before")) {
        LocalRecord mine = two.get("notes", id).orElseThrow();
        boolean onHub = mine.data().equals(hub.data("notes", id));
        assertTrue(onHub || mine.state() == RecordState.FAILED, id + " on device 2: " + mine + ", hub: "
            + hub.data("notes", id));
      }
      assertEquals(RecordState.FAILED, two.get("notes", "by-two").orElseThrow().state());
      List<JsonObject> failed = Await.of(new FailedItems(two.store).list());
      assertTrue(failed.stream().allMatch(f -> "ORIGIN_REUSED".equals(f.getString("code"))), failed.toString());
      assertEquals(2, failed.size(), failed.toString());
      assertEquals(new JsonObject().put("text", "edited on device 1"), hub.data("notes", "before"));

      // The hub operator sees it: the run of device 2 counts the refusals and names them, and a metric counts them.
      HubRun hubRun = Await.of(hub.store.runs("clinic-a", 10)).stream()
          .filter(r -> r.syncId().equals(run.getString("id"))).findFirst().orElseThrow();
      assertEquals(2, hubRun.rejected());
      assertEquals("PARTIAL", hubRun.status());
      assertTrue(hubRun.error().startsWith("ORIGIN_REUSED"), hubRun.error());
      assertEquals(2.0, hub.metrics.registry().find("outpost.hub.changes.rejected").tag("code", "ORIGIN_REUSED")
          .counter().count());

      // Retried, the failed writes go out under new numbers and reach the hub (as a change or as a conflict).
      assertEquals(2, Await.of(new FailedItems(two.store).retry(null)));
      JsonObject retried = two.sync();
      assertEquals(0, two.pending(), retried.encode());
      assertEquals(new JsonObject().put("text", "from device 2"), hub.data("notes", "by-two"));
      assertTrue(Await.of(new FailedItems(two.store).list()).isEmpty());
    }
  }

  /** A new edge of a new site with two notes written and not yet pushed. */
  private ProtocolEdge edgeWithTwoNotes() {
    ProtocolEdge edge = new ProtocolEdge(vertx, tmp.resolve("a"), "clinic-a", hub.address(), hub.addSite("clinic-a"));
    edge.put("notes", "n1", note("one"));
    edge.put("notes", "n2", note("two"));
    return edge;
  }

  /** Rewrites every outgoing message of one type (a hub that misbehaves in one precise way). */
  static <T> ServerInterceptor rewriting(Class<T> type, UnaryOperator<T> change) {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(A message) {
            super.sendMessage(type.isInstance(message) ? cast(change.apply(type.cast(message))) : message);
          }
        }, headers);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <A> A cast(Object message) {
    return (A) message;
  }
}
