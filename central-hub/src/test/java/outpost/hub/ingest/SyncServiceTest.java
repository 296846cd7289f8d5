package outpost.hub.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import outpost.proto.v1.Change;
import outpost.proto.v1.HelloReply;
import outpost.proto.v1.HelloRequest;
import outpost.proto.v1.Op;
import outpost.proto.v1.PullBatch;
import outpost.proto.v1.PullRequest;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.RecordState;
import outpost.proto.v1.ResultStatus;

class SyncServiceTest extends TwoSitesCase {
  @Override
  protected JsonObject config() {
    return new JsonObject().put("maxMessageBytes", 64 * 1024);
  }

  private long head() throws Exception {
    return hub.server.store().head().await(5, TimeUnit.SECONDS);
  }

  private List<PullBatch> pull(String site, String token, long cursor, int batchSize) {
    Iterator<PullBatch> it = TestHub.blocking(channel, TestHub.credentials(site, token, 1))
        .pull(PullRequest.newBuilder().setCursor(cursor).setBatchSize(batchSize).setSyncId("s-pull").build());
    List<PullBatch> batches = new ArrayList<>();
    it.forEachRemaining(batches::add);
    return batches;
  }

  @Test
  void helloPushAndPullRoundTripThroughARealStub() throws Exception {
    HelloReply hello = TestHub.blocking(channel, TestHub.credentials("clinic-a", tokenA, 1))
        .hello(HelloRequest.newBuilder().setNodeVersion("test").build());
    assertEquals("outpost-hub", hello.getHubId());
    assertEquals(1, hello.getMinProtocol());
    assertEquals(1, hello.getMaxProtocol());
    assertEquals(List.of("items", "notes", "patients"),
        hello.getCollectionsList().stream().map(c -> c.getName()).toList());
    assertEquals("site", hello.getCollectionsList().get(2).getScope());

    List<PushAck> acks = PushClient.push(TestHub.async(channel, "clinic-a", tokenA), List.of(
        List.of(PushClient.put(1, "notes", "n1", new JsonObject().put("text", "hello"))),
        List.of(PushClient.put(2, "patients", "p1", new JsonObject().put("name", "Ada")),
            PushClient.put(3, "notes", "n2", new JsonObject().put("text", "world")))));
    assertEquals(2, acks.size());
    assertEquals(1, acks.get(0).getBatchNo());
    assertEquals(ResultStatus.APPLIED, acks.get(0).getResults(0).getStatus());
    assertEquals(List.of(ResultStatus.APPLIED, ResultStatus.APPLIED),
        acks.get(1).getResultsList().stream().map(r -> r.getStatus()).toList());
    assertEquals(3, head());

    // The same changes again (a lost ack): DUPLICATE, nothing applied twice.
    List<PushAck> again = PushClient.push(TestHub.async(channel, "clinic-a", tokenA),
        List.of(List.of(PushClient.put(1, "notes", "n1", new JsonObject().put("text", "hello")))));
    assertEquals(ResultStatus.DUPLICATE, again.get(0).getResults(0).getStatus());
    assertEquals(3, head());

    List<PullBatch> forB = pull("clinic-b", tokenB, 0, 0);
    assertEquals(1, forB.size());
    PullBatch last = forB.get(0);
    assertTrue(last.getLast());
    assertEquals(0, last.getRemaining());
    assertEquals(List.of("n1", "n2"), last.getRecordsList().stream().map(RecordState::getId).toList(),
        "clinic-b receives shared notes but not clinic-a's patient");
    RecordState n1 = last.getRecords(0);
    assertEquals("hello", new JsonObject(n1.getData().toStringUtf8()).getString("text"));
    assertEquals("clinic-a", n1.getOriginSite());
    assertEquals(1, n1.getOriginSeq());
    var digests = last.getDigestsList().stream().collect(java.util.stream.Collectors.toMap(
        d -> d.getCollection(), d -> d.getCount()));
    assertEquals(2L, digests.get("notes"), "digest of notes: " + digests);
    assertEquals(0L, digests.getOrDefault("patients", 0L), "no patient is in clinic-b's scope");

    List<PullBatch> forA = pull("clinic-a", tokenA, 0, 0);
    assertEquals(3, forA.get(0).getRecordsCount());
    assertEquals(3, forA.get(0).getCursorAfter());
    // From its own cursor, nothing is left.
    assertEquals(0, pull("clinic-a", tokenA, 3, 0).get(0).getRecordsCount());
  }

  @Test
  void aPullLeavesOutTheSitesOwnChangesUpToItsAcknowledgedSequence() throws Exception {
    PushClient.push(TestHub.async(channel, "clinic-a", tokenA), List.of(List.of(
        PushClient.put(1, "notes", "n1", new JsonObject().put("text", "one")),
        PushClient.put(2, "patients", "p1", new JsonObject().put("name", "Ada")),
        PushClient.put(3, "notes", "n2", new JsonObject().put("text", "two")))));
    PullRequest.Builder request = PullRequest.newBuilder().setCursor(0).setSyncId("s-own");
    List<PullBatch> held = new ArrayList<>();
    TestHub.blocking(channel, TestHub.credentials("clinic-a", tokenA, 1)).pull(request.setAcknowledgedSeq(2).build())
        .forEachRemaining(held::add);
    PullBatch last = held.get(held.size() - 1);
    assertTrue(last.getLast());
    assertEquals(List.of("n2"), held.stream().flatMap(b -> b.getRecordsList().stream()).map(RecordState::getId)
        .toList(), "n1 and p1 are clinic-a's own, applied as sent, at or below its position");
    assertEquals(3, last.getCursorAfter());
    assertEquals(2L, last.getDigestsList().stream().filter(d -> d.getCollection().equals("notes")).findFirst()
        .orElseThrow().getCount());
    // Without a position (an older edge, a repair) and for another site, everything in scope comes.
    assertEquals(3, pull("clinic-a", tokenA, 0, 0).get(0).getRecordsCount());
    assertEquals(2, pull("clinic-b", tokenB, 0, 0).get(0).getRecordsCount());
  }

  @Test
  void pullSendsPagesWithRemainingCounts() throws Exception {
    List<Change> changes = new ArrayList<>();
    for (int i = 1; i <= 1200; i++) {
      changes.add(PushClient.put(i, "notes", "n" + i, new JsonObject().put("i", i)));
    }
    PushClient.push(TestHub.async(channel, "clinic-a", tokenA), List.of(changes));
    List<PullBatch> pages = pull("clinic-b", tokenB, 0, 500);
    assertEquals(List.of(500, 500, 200), pages.stream().map(PullBatch::getRecordsCount).toList());
    assertEquals(List.of(700L, 200L, 0L), pages.stream().map(PullBatch::getRemaining).toList());
    assertEquals(List.of(false, false, true), pages.stream().map(PullBatch::getLast).toList());
    assertEquals(500, pages.get(0).getCursorAfter());
    assertEquals(1200, pages.get(2).getCursorAfter());
  }

  @Test
  void wrongTokenIsUnauthenticatedAndNothingIsApplied() throws Exception {
    String wrong = "not-the-token-of-clinic-a-xxxxxxxxxxxxxxxxx";
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        PushClient.push(TestHub.async(channel, "clinic-a", wrong),
            List.of(List.of(PushClient.put(1, "notes", "n1", new JsonObject().put("a", 1))))));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("AUTH_ERROR"), e.getStatus().getDescription());
    assertFalse(e.getStatus().getDescription().contains(wrong), "the token is never echoed");
    assertEquals(0, head());

    StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () ->
        TestHub.blocking(channel, TestHub.credentials("nobody", tokenA, 1)).hello(HelloRequest.getDefaultInstance()));
    assertEquals(Status.Code.UNAUTHENTICATED, unknown.getStatus().getCode());
  }

  @Test
  void refusedCallsNameTheirErrorCodeInTheTrailer() {
    StatusRuntimeException badToken = assertThrows(StatusRuntimeException.class, () ->
        TestHub.blocking(channel, TestHub.credentials("clinic-a", "wrong-token", 1)).hello(HelloRequest.getDefaultInstance()));
    assertEquals("AUTH_ERROR", codeTrailer(badToken), badToken.getStatus().toString());

    StatusRuntimeException badVersion = assertThrows(StatusRuntimeException.class, () ->
        TestHub.blocking(channel, TestHub.credentials("clinic-a", tokenA, 2)).hello(HelloRequest.getDefaultInstance()));
    assertEquals("VERSION_INCOMPATIBLE", codeTrailer(badVersion), badVersion.getStatus().toString());

    StatusRuntimeException badArgument = assertThrows(StatusRuntimeException.class, () ->
        TestHub.blocking(channel, TestHub.credentials("clinic-a", tokenA, 1))
            .pull(PullRequest.newBuilder().setCursor(-1).build()).hasNext());
    assertEquals("BAD_REQUEST", codeTrailer(badArgument), badArgument.getStatus().toString());
    assertEquals(Status.Code.INVALID_ARGUMENT, badArgument.getStatus().getCode());
  }

  /** The wire name is the contract with edges (docs/protocol.md, section 7): spelled out here, not shared. */
  private static String codeTrailer(StatusRuntimeException e) {
    return e.getTrailers() == null ? null
        : e.getTrailers().get(Metadata.Key.of("outpost-error-code", Metadata.ASCII_STRING_MARSHALLER));
  }

  @Test
  void repeatedWrongTokensNeverBlockTheRightToken() throws Exception {
    TestHub.blocking(channel, TestHub.credentials("clinic-a", tokenA, 1)).hello(HelloRequest.getDefaultInstance());
    for (int i = 0; i < 20; i++) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
          TestHub.blocking(channel, TestHub.credentials("clinic-a", "wrong-token", 1)).hello(HelloRequest.getDefaultInstance()));
      assertTrue(e.getStatus().getCode() == Status.Code.UNAUTHENTICATED
          || e.getStatus().getCode() == Status.Code.UNAVAILABLE, e.getStatus().toString());
    }
    assertEquals("outpost-hub", TestHub.blocking(channel, TestHub.credentials("clinic-a", tokenA, 1))
        .hello(HelloRequest.getDefaultInstance()).getHubId());
    // clinic-b was never verified by this hub: its first check needs the budget the wrong tokens spent, so
    // it may be told to retry later (UNAVAILABLE) but never that its credentials are wrong.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        assertEquals("outpost-hub", TestHub.blocking(channel, TestHub.credentials("clinic-b", tokenB, 1))
            .hello(HelloRequest.getDefaultInstance()).getHubId());
        break;
      } catch (StatusRuntimeException e) {
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(System.nanoTime() < deadline, "the budget refills");
        Thread.sleep(100);
      }
    }
  }

  @Test
  void disabledSiteIsUnauthenticated() throws Exception {
    assertEquals(0, head());
    TestHub.blocking(channel, TestHub.credentials("clinic-a", tokenA, 1)).hello(HelloRequest.getDefaultInstance());
    assertEquals(200, hub.admin("POST", "/api/sites/clinic-a/disable", null).statusCode());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        PushClient.push(TestHub.async(channel, "clinic-a", tokenA),
            List.of(List.of(PushClient.put(1, "notes", "n1", new JsonObject().put("a", 1))))));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("disabled"));
    assertEquals(0, head());
  }

  @Test
  void protocolOutsideTheWindowIsVersionIncompatibleAndNothingIsApplied() throws Exception {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> {
      Iterator<PullBatch> it = TestHub.blocking(channel, TestHub.credentials("clinic-a", tokenA, 2))
          .pull(PullRequest.getDefaultInstance());
      it.hasNext();
    });
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("VERSION_INCOMPATIBLE: hub speaks 1..1"),
        e.getStatus().getDescription());

    var stub = outpost.proto.v1.SyncGrpc.newStub(channel).withInterceptors(
        io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(TestHub.credentials("clinic-a", tokenA, 0)));
    StatusRuntimeException push = assertThrows(StatusRuntimeException.class, () -> PushClient.push(stub,
        List.of(List.of(PushClient.put(1, "notes", "n1", new JsonObject().put("a", 1))))));
    assertEquals(Status.Code.FAILED_PRECONDITION, push.getStatus().getCode());
    assertEquals(0, head());
  }

  @Test
  void malformedChangeDataIsRejectedAloneAndTheOthersApply() throws Exception {
    Change bad = Change.newBuilder().setOriginSeq(2).setCollection("notes").setId("bad").setOp(Op.PUT)
        .setData(ByteString.copyFromUtf8("{not json")).addChangedFields("x").build();
    Change array = Change.newBuilder().setOriginSeq(3).setCollection("notes").setId("arr").setOp(Op.PUT)
        .setData(ByteString.copyFromUtf8("[1,2]")).build();
    List<PushAck> acks = PushClient.push(TestHub.async(channel, "clinic-a", tokenA), List.of(List.of(
        PushClient.put(1, "notes", "ok1", new JsonObject().put("a", 1)), bad, array,
        PushClient.put(4, "notes", "ok2", new JsonObject().put("a", 2)))));
    List<ResultStatus> statuses = acks.get(0).getResultsList().stream().map(r -> r.getStatus()).toList();
    assertEquals(List.of(ResultStatus.APPLIED, ResultStatus.REJECTED, ResultStatus.REJECTED, ResultStatus.APPLIED),
        statuses);
    assertEquals("REJECTED", acks.get(0).getResults(1).getCode());
    assertEquals(2, acks.get(0).getResults(1).getOriginSeq());
    assertFalse(acks.get(0).getResults(1).getReason().isEmpty());
    assertEquals(2, head());
  }

  @Test
  void permissionAndUnknownCollectionAreRejectedPerChange() throws Exception {
    List<PushAck> acks = PushClient.push(TestHub.async(channel, "clinic-a", tokenA), List.of(List.of(
        PushClient.put(1, "items", "i1", new JsonObject().put("a", 1)),
        PushClient.put(2, "unknown", "u1", new JsonObject().put("a", 1)))));
    assertEquals("PERMISSION_DENIED", acks.get(0).getResults(0).getCode());
    assertEquals("NOT_SUPPORTED", acks.get(0).getResults(1).getCode());
    assertEquals(0, head());
  }

  @Test
  void oversizedMessageFailsThatCallClearlyAndTheHubServesTheNext() throws Exception {
    String big = "x".repeat(100 * 1024);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
        PushClient.push(TestHub.async(channel, "clinic-a", tokenA),
            List.of(List.of(PushClient.put(1, "notes", "big", new JsonObject().put("text", big))))));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
    assertEquals(0, head());

    List<PushAck> acks = PushClient.push(TestHub.async(channel, "clinic-a", tokenA),
        List.of(List.of(PushClient.put(1, "notes", "small", new JsonObject().put("text", "ok")))));
    assertEquals(ResultStatus.APPLIED, acks.get(0).getResults(0).getStatus());
  }

  @Test
  void batchWithTooManyChangesIsInvalidArgument() throws Exception {
    List<Change> changes = new ArrayList<>();
    for (int i = 1; i <= SyncService.MAX_PUSH_BATCH + 1; i++) {
      changes.add(Change.newBuilder().setOriginSeq(i).setCollection("notes").setId("n" + i).setOp(Op.DELETE).build());
    }
    try (TestHub roomy = TestHub.start(dir.resolve("roomy"), new JsonObject())) {
      String token = roomy.addSite("clinic-a");
      ManagedChannel ch = roomy.channel();
      try {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
            PushClient.push(TestHub.async(ch, "clinic-a", token), List.of(changes)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("BAD_REQUEST"));
        assertEquals(0, roomy.server.store().head().await(5, TimeUnit.SECONDS));
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void runsAndSiteActivityAreRecordedAfterACall() throws Exception {
    PushClient.push(TestHub.async(channel, "clinic-a", tokenA),
        List.of(List.of(PushClient.put(1, "notes", "n1", new JsonObject().put("a", 1)))));
    pull("clinic-a", tokenA, 0, 0);
    long deadline = System.currentTimeMillis() + 10_000;
    JsonObject site = null;
    while (System.currentTimeMillis() < deadline) {
      var list = new JsonObject(hub.admin("GET", "/api/sites", null).body()).getJsonArray("items");
      site = list.stream().map(JsonObject.class::cast).filter(s -> s.getString("id").equals("clinic-a"))
          .findFirst().orElseThrow();
      if (site.getLong("pullCursor") == 1) {
        break;
      }
      Thread.onSpinWait();
    }
    assertEquals(1, site.getLong("pullCursor"));
    assertNotNull(site.getString("lastSeen"));
    assertEquals(0, site.getLong("lag"));
    var runs = new JsonObject(hub.admin("GET", "/api/sync/runs?site=clinic-a", null).body()).getJsonArray("items");
    assertTrue(runs.stream().map(JsonObject.class::cast).anyMatch(r -> r.getString("id").equals("sync-test")
        && r.getLong("pushed") == 1 && r.getLong("applied") == 1), runs.encode());
  }
}
