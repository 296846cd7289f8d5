package outpost.system.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import outpost.common.RecordKey;
import outpost.common.json.StrictJson;
import outpost.hub.server.HubServer;
import outpost.proto.v1.Change;
import outpost.proto.v1.ChangeResult;
import outpost.proto.v1.Op;
import outpost.proto.v1.PushBatch;
import outpost.proto.v1.ResultStatus;
import outpost.system.fixture.HubServerBuilder;
import outpost.system.protocol.RawClient;

/**
 * A real hub in this JVM (embedded store in a temp folder, admin HTTP and gRPC on port 0) fed arbitrary admin
 * requests to its records endpoints and arbitrary change messages on a site's push: no 5xx, no INTERNAL or
 * UNKNOWN call status, every refusal carries a code, and read back through the admin API the store holds
 * exactly what was acknowledged (by an admin 2xx, or an APPLIED or MERGED result).
 */
class HubInputPropertyTest {
  static final String ADMIN_TOKEN = "admin-token-for-property-tests-0123";
  static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer " + ADMIN_TOKEN);
  static Path dir;
  static HubServer hub;
  static RawClient site;
  static final AcknowledgedRecords MODEL = new AcknowledgedRecords();

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("hub-input-property");
    hub = HubServerBuilder.in(dir.resolve("hub-data")).adminToken(ADMIN_TOKEN).start();
    RawRequest.Answer added = new RawRequest("POST", "/api/sites",
        "{\"id\":\"clinic-a\"}".getBytes(StandardCharsets.UTF_8), ADMIN).send(hub.httpPort());
    assertEquals(201, added.status(), added.body());
    site = new RawClient("127.0.0.1:" + hub.grpcPort(), "clinic-a", added.json().getString("token"));
  }

  @AfterContainer
  static void stop() throws Exception {
    if (site != null) {
      site.close();
    }
    if (hub != null) {
      hub.stop().await(30, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Property(tries = 250)
  void everyAdminRequestIsAnsweredWithoutA5xxAndTheStoreHoldsWhatWasAcknowledged(
      @ForAll("adminRequests") RawRequest request) {
    RawRequest.Answer answer = request.send(hub.httpPort());
    AcknowledgedRecords.assertAnsweredWithACode(request, answer);
    RecordKey key = RecordPaths.key(request.path().replaceFirst("\\?site=.*$", ""));
    if (answer.status() / 100 == 2 && request.method().equals("PUT")) {
      JsonObject written = answer.json();
      key = new RecordKey(written.getString("collection"), written.getString("id"));
      MODEL.written(key, StrictJson.object(request.body()));
    } else if (answer.status() / 100 == 2 && request.method().equals("DELETE")) {
      MODEL.deleted(key);
    }
    if (key != null) {
      MODEL.assertNodeHolds(key, hub.httpPort(), ADMIN);
    }
  }

  @Property(tries = 150)
  void everyPushedChangeGetsAResultWithACodeAndTheStoreHoldsWhatWasApplied(@ForAll("batches") List<Change> changes) {
    RawClient.Outcome outcome = site.push(List.of(PushBatch.newBuilder().setBatchNo(1).setSyncId("property")
        .addAllChanges(changes).build()));
    Status.Code code = outcome.status().getCode();
    assertFalse(code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN, outcome.status().toString());
    Set<RecordKey> touched = new LinkedHashSet<>();
    if (code == Status.Code.OK) {
      assertEquals(1, outcome.acks().size(), outcome.toString());
      List<ChangeResult> results = outcome.acks().get(0).getResultsList();
      assertEquals(changes.size(), results.size());
      for (int i = 0; i < changes.size(); i++) {
        // The model holds what the hub received: protobuf's encoder sends a string with a lone surrogate as
        // UTF-8 with '?' in its place, so the key is read back from the change's wire bytes.
        Change c = onTheWire(changes.get(i));
        ChangeResult r = results.get(i);
        assertEquals(c.getOriginSeq(), r.getOriginSeq());
        RecordKey key = new RecordKey(c.getCollection(), c.getId());
        touched.add(key);
        applyToModel(key, c, r);
      }
    }
    for (RecordKey key : touched) {
      if (RecordPaths.key(RecordPaths.PREFIX + RecordPaths.encode(key.collection()) + "/"
          + RecordPaths.encode(key.id())) != null) {
        MODEL.assertNodeHolds(key, hub.httpPort(), ADMIN);
      }
    }
  }

  private static Change onTheWire(Change sent) {
    try {
      return Change.parseFrom(sent.toByteString());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError("a change the client sent does not parse back", e);
    }
  }

  private static void applyToModel(RecordKey key, Change c, ChangeResult r) {
    assertNotEquals(ResultStatus.UNRECOGNIZED, r.getStatus(), r.toString());
    switch (r.getStatus()) {
      case APPLIED, MERGED -> {
        if (c.getOp() == Op.DELETE || r.getHubDeleted()) {
          MODEL.deleted(key);
        } else {
          ByteString held = r.getHubData().isEmpty() ? c.getData() : r.getHubData();
          assertTrue(r.getStatus() == ResultStatus.APPLIED || !r.getHubData().isEmpty(), r.toString());
          MODEL.written(key, StrictJson.object(held.toByteArray()));
        }
      }
      default -> assertFalse(r.getCode().isEmpty() && r.getStatus() != ResultStatus.DUPLICATE, r.toString());
    }
  }

  @Provide
  Arbitrary<RawRequest> adminRequests() {
    Arbitrary<String> one = Combinators.combine(RecordPaths.collections(), RecordPaths.ids())
        .as((c, id) -> RecordPaths.PREFIX + c + "/" + id);
    Arbitrary<String> owner = Arbitraries.of("", "", "?site=clinic-a", "?site=clinic-b", "?site=%00", "?site=a%zz",
        "?site=" + "s".repeat(70), "?site=");
    Arbitrary<RawRequest> put = Combinators.combine(one, owner, JsonTexts.bodies(JsonTexts.records()))
        .as((p, o, b) -> new RawRequest("PUT", p + o, b, ADMIN));
    Arbitrary<RawRequest> readOrDelete = Combinators.combine(Arbitraries.of("GET", "DELETE"), one)
        .as((m, p) -> new RawRequest(m, p, null, ADMIN));
    Arbitrary<RawRequest> list = Combinators.combine(RecordPaths.collections(), Arbitraries.of("", "?limit=0",
        "?limit=x", "?after=%zz", "?after=%00", "?after=a&limit=1"))
        .as((c, q) -> new RawRequest("GET", RecordPaths.PREFIX + c + q, null, ADMIN));
    Arbitrary<RawRequest> sites = JsonTexts.bodies(JsonTexts.records()).map(b -> new RawRequest("POST", "/api/sites", b,
        ADMIN));
    return Arbitraries.frequencyOf(Tuple.of(5, put), Tuple.of(2, readOrDelete), Tuple.of(1, list), Tuple.of(1, sites));
  }

  @Provide
  Arbitrary<List<Change>> batches() {
    Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(5),
        Arbitraries.strings().all().ofMaxLength(8), Arbitraries.of("", ".", "..", "x".repeat(3000), "a\u0000b"));
    Arbitrary<Change> change = Combinators.combine(
        Arbitraries.longs().between(1, 40).injectDuplicates(0.2).edgeCases(e -> e.includeOnly(1L, 40L)),
        Arbitraries.oneOf(Arbitraries.of("notes", "notes", "patients", "items", "unknown"), text),
        text,
        Arbitraries.of(Op.PUT, Op.PUT, Op.PUT, Op.DELETE, Op.UNRECOGNIZED),
        JsonTexts.bodies(JsonTexts.records()),
        Arbitraries.oneOf(Arbitraries.of("a", "b", ""), text).list().ofMaxSize(3),
        Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(-1, 1000), Arbitraries.of(Long.MAX_VALUE)),
        Arbitraries.oneOf(Arbitraries.of("", "", "clinic-a", "clinic-b"), text))
        .as((seq, collection, id, op, data, fields, base, owner) -> {
          Change.Builder b = Change.newBuilder().setOriginSeq(seq).setCollection(collection).setId(id)
              .setData(ByteString.copyFrom(data)).addAllChangedFields(fields).setBaseVersion(base).setOwner(owner);
          return op == Op.UNRECOGNIZED ? b.setOpValue(7).build() : b.setOp(op).build();
        });
    return change.list().ofMinSize(1).ofMaxSize(6);
  }
}
