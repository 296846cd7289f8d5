package outpost.common.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import outpost.common.json.JsonValues;
import outpost.common.merge.MergeOutcome.Kind;

/**
 * The merge decides "changed" by exact value: two numbers that differ only past double precision (or past a
 * long, for integers) are different values, while one value written two ways (1, 1.0, 1.00) is the same. The
 * edge is site "a", the other site "b"; the common ancestor is at version 5.
 */
class ExactNumberMergeTest {
  private static final String FINER = "0.1000000000000000000001";
  private static final String BEYOND_LONG = "18446744073709551621"; // 2^64 + 5: its long value is 5

  @Test
  void nestedValueChangedOnlyPastDoublePrecisionIsApplied() {
    HubRecordState hub = hub("{\"t\":1,\"n\":{\"a\":0.1}}", "t", 5, "b", "n", 5, "b");
    EdgeChange change = put("{\"t\":1,\"n\":{\"a\":" + FINER + "}}", "n");
    MergeOutcome out = MergeRules.decide(hub, change);
    assertEquals(Kind.APPLIED, out.kind());
    assertTrue(JsonValues.same(change.data(), out.result()), out.result().encode());
    assertEquals(Set.of("n"), out.touchedFields());
  }

  @Test
  void integerBeyondLongInsideAnArrayIsAChange() {
    HubRecordState hub = hub("{\"t\":1,\"n\":[5]}", "t", 5, "b", "n", 5, "b");
    EdgeChange change = put("{\"t\":1,\"n\":[" + BEYOND_LONG + "]}", "n");
    MergeOutcome out = MergeRules.decide(hub, change);
    assertEquals(Kind.APPLIED, out.kind());
    assertEquals("{\"t\":1,\"n\":[" + BEYOND_LONG + "]}", out.result().encode());
  }

  @Test
  void concurrentValuesThatDifferOnlyPastDoublePrecisionConflict() {
    HubRecordState hub = hub("{\"t\":1,\"n\":{\"a\":0.1}}", "t", 5, "b", "n", 7, "b");
    MergeOutcome out = MergeRules.decide(hub, put("{\"t\":1,\"n\":{\"a\":" + FINER + "}}", "n"));
    assertEquals(Kind.CONFLICT, out.kind());
    assertEquals(List.of("n"), out.conflictFields());
    assertEquals("{\"t\":1,\"n\":{\"a\":0.1}}", out.result().encode(), "the hub keeps its value");
  }

  @Test
  void mergeIsReportedWhenTheHubsOtherFieldDiffersOnlyPastDoublePrecision() {
    // Site b set x to the finer value; the edge, based before that, changed only t and still holds x = 0.1.
    // Reporting APPLIED would tell the edge its copy is the hub's, and it would keep 0.1 for good.
    HubRecordState hub = hub("{\"t\":1,\"x\":" + FINER + "}", "t", 5, "b", "x", 7, "b");
    MergeOutcome out = MergeRules.decide(hub, put("{\"t\":2,\"x\":0.1}", "t"));
    assertEquals(Kind.MERGED, out.kind());
    assertEquals("{\"t\":2,\"x\":" + FINER + "}", out.result().encode());
  }

  @Test
  void oneValueWrittenAnotherWayIsUnchangedAndTheHubKeepsItsText() {
    HubRecordState hub = hub("{\"t\":1,\"n\":12345678901234567890123,\"m\":{\"k\":[1e400]}}",
        "t", 5, "b", "n", 5, "b", "m", 5, "b");
    EdgeChange change = put("{\"t\":1.00,\"n\":1.2345678901234567890123E+22,\"m\":{\"k\":[1" + "0".repeat(400)
        + "]}}", "t", "n", "m");
    MergeOutcome out = MergeRules.decide(hub, change);
    assertEquals(Kind.UNCHANGED, out.kind());
    assertEquals(hub.data().encode(), out.result().encode());
    assertEquals(Set.of(), out.touchedFields(), "nothing is stamped");
  }

  @Test
  void concurrentSameValueWrittenAnotherWayIsNoConflict() {
    HubRecordState hub = hub("{\"t\":1,\"n\":1}", "t", 5, "b", "n", 7, "b");
    MergeOutcome out = MergeRules.decide(hub, put("{\"t\":1,\"n\":1.0}", "n"));
    assertEquals(Kind.UNCHANGED, out.kind());
  }

  /** The hub's live record at version 7 with stamps given as (field, version, site) triples. */
  private static HubRecordState hub(String data, Object... stamps) {
    Map<String, FieldStamp> fields = new java.util.HashMap<>();
    for (int i = 0; i < stamps.length; i += 3) {
      fields.put((String) stamps[i], new FieldStamp(((Integer) stamps[i + 1]).longValue(), (String) stamps[i + 2]));
    }
    return new HubRecordState(true, false, 7, new JsonObject(data), fields, null);
  }

  private static EdgeChange put(String data, String... changed) {
    return new EdgeChange(ChangeOp.PUT, new JsonObject(data), Set.of(changed), 5, "a");
  }
}
