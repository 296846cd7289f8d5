package outpost.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import outpost.proto.v1.Change;
import outpost.proto.v1.ChangeResult;
import outpost.proto.v1.Op;
import outpost.proto.v1.PushAck;
import outpost.proto.v1.ResultStatus;

/**
 * Change data arriving over a raw gRPC push goes through the same grammar and id rules as the REST APIs
 * (docs/input.md): a change that breaks one is REJECTED with the rule as its reason, alone; the rest of its batch
 * applies. On both stores.
 */
class IngestInputRulesTest {
  @TempDir
  Path dir;
  HubOnStore stored;
  TestHub hub;
  ManagedChannel channel;

  void start(String store) throws Exception {
    stored = HubOnStore.start(dir, store);
    hub = stored.hub;
    channel = hub.channel();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (stored != null) {
      stored.close();
    }
  }

  static Change raw(long seq, String id, String data) {
    return Change.newBuilder().setOriginSeq(seq).setCollection("notes").setId(id).setOp(Op.PUT)
        .setData(ByteString.copyFrom(data.getBytes(StandardCharsets.UTF_8))).addChangedFields("a").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void aChangeBreakingARuleIsRejectedAloneAndTheRestOfItsBatchApplies(String store) throws Exception {
    start(store);
    String token = hub.addSite("clinic-a");
    String levels = "[".repeat(999) + "]".repeat(999);
    List<Change> batch = List.of(
        raw(1, "good-1", "{\"a\":1}"),
        raw(2, "deep", "{\"a\":" + levels + "}"),
        raw(3, "hidden", "{\"a\":/*\"*/" + levels + "/*\"*/}"),
        raw(4, "dup", "{\"a\":1,\"a\":2}"),
        raw(5, "nul\u0000id", "{\"a\":1}"),
        raw(6, "x".repeat(3000), "{\"a\":1}"),
        raw(7, "surrogate", "{\"a\":\"\\ud800\"}"),
        raw(8, "bad-collection", "{\"a\":1}").toBuilder().setCollection("../x").build(),
        raw(9, "good-2", "{\"a\":1e400,\"b\":0.1000000000000000000001}"));
    List<PushAck> acks = PushClient.push(TestHub.async(channel, "clinic-a", token), List.of(batch));
    List<ChangeResult> results = acks.get(0).getResultsList();
    assertEquals(9, results.size());
    String[] rules = {null, "nested deeper than 64 levels", "comments are not allowed", "duplicate key 'a'", "id must",
        "id must", "lone surrogate", "collection name", null};
    for (int i = 0; i < rules.length; i++) {
      ChangeResult r = results.get(i);
      if (rules[i] == null) {
        assertEquals(ResultStatus.APPLIED, r.getStatus(), r.toString());
      } else {
        assertEquals(ResultStatus.REJECTED, r.getStatus(), r.toString());
        assertEquals("REJECTED", r.getCode(), r.toString());
        assertTrue(r.getReason().contains(rules[i]), r.toString());
      }
    }
    JsonObject list = new JsonObject(hub.admin("GET", "/api/records/notes", null).body());
    assertEquals(2, list.getJsonArray("items").size(), list.encode());
    JsonObject good = new JsonObject(hub.admin("GET", "/api/records/notes/good-2", null).body()).getJsonObject("data");
    assertEquals(0, new BigDecimal("1e400").compareTo(new BigDecimal(good.getValue("a").toString())), good.encode());
    assertEquals(0, new BigDecimal("0.1000000000000000000001").compareTo(new BigDecimal(good.getValue("b")
        .toString())), good.encode());
  }
}
