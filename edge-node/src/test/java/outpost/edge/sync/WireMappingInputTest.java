package outpost.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.proto.v1.RecordState;

/** Records arriving in a pull follow the same rules as local writes (docs/input.md). */
class WireMappingInputTest {
  static RecordState state(String id, String data) {
    return RecordState.newBuilder().setCollection("notes").setId(id).setVersion(7)
        .setData(ByteString.copyFromUtf8(data)).build();
  }

  static String refusal(RecordState r) {
    OutpostException e = assertThrows(OutpostException.class, () -> WireMapping.record(r));
    assertEquals(ErrorCode.INTEGRATION_ERROR, e.code());
    return e.getMessage();
  }

  @Test
  void aPulledRecordTheEdgeCannotHoldIsRefusedNamingTheRecordAndTheRule() {
    String deep = refusal(state("x", "{\"a\":" + "[".repeat(999) + "]".repeat(999) + "}"));
    assertTrue(deep.startsWith("record notes/x from the hub cannot be held here: JSON nested deeper than 64 levels"),
        deep);
    assertTrue(refusal(state("d", "{\"a\":1,\"a\":2}")).contains("duplicate key 'a'"));
    assertTrue(refusal(state("s", "{\"a\":\"\\ud800\"}")).contains("lone surrogate"));
    assertTrue(refusal(state("x".repeat(3000), "{}")).contains("id must be 1-256 characters"));
    assertTrue(refusal(state("n\u0001", "{}")).contains("control characters"));
  }

  @Test
  void aPulledRecordKeepsItsNumbersExact() {
    var record = WireMapping.record(state("n", "{\"big\":1e400,\"frac\":0.1000000000000000000001}"));
    assertEquals(new BigDecimal("1e400"), record.data().getValue("big"));
    assertEquals(new BigDecimal("0.1000000000000000000001"), record.data().getValue("frac"));
  }
}
