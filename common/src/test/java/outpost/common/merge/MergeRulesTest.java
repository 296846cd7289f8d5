package outpost.common.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import outpost.common.merge.MergeOutcome.Kind;

/**
 * Every case of issue 5 as one row: the hub's record (value, per-field stamps "field@version:site"),
 * the edge's change (base version, changed fields, value) and the expected decision, value and
 * conflicting fields. The edge is site "a"; "b" is another site; "" is a hub-side write. Unless a row
 * says otherwise the common ancestor is {t: 1, n: 1} at version 5 and the edge's base is 5.
 */
class MergeRulesTest {
  private static final String ME = "a";
  private static final String DELETED = MergeRules.DELETED_FIELD;

  /** One row of the table. */
  record Case(String name, HubRecordState hub, EdgeChange change, Kind kind, JsonObject result, boolean delete,
      List<String> conflictFields) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    List<Case> t = new ArrayList<>();
    // ---- the plain three-way cases
    t.add(new Case("edge alone changed a field: applied as sent",
        live(5, "{t:1, n:1}", "t@5:b", "n@5:b"), put(5, "{t:2, n:1}", "t"),
        Kind.APPLIED, json("{t:2, n:1}"), false, List.of()));
    t.add(new Case("non-overlapping edits merge, the result holds both",
        live(7, "{t:1, n:2}", "t@5:b", "n@7:b"), put(5, "{t:2, n:1}", "t"),
        Kind.MERGED, json("{t:2, n:2}"), false, List.of()));
    t.add(new Case("hub-side write and edge edit of different fields merge",
        live(7, "{t:1, n:2}", "t@5:b", "n@7:"), put(5, "{t:2, n:1}", "t"),
        Kind.MERGED, json("{t:2, n:2}"), false, List.of()));
    t.add(new Case("the same value on both sides is no conflict and changes nothing",
        live(7, "{t:3, n:1}", "t@7:b", "n@5:b"), put(5, "{t:3, n:1}", "t"),
        Kind.UNCHANGED, json("{t:3, n:1}"), false, List.of()));
    t.add(new Case("the same value on one field and a free edit on another merge",
        live(7, "{t:3, n:2, x:1}", "t@7:b", "n@7:b", "x@5:b"), put(5, "{t:3, n:1, x:9}", "t", "x"),
        Kind.MERGED, json("{t:3, n:2, x:9}"), false, List.of()));
    t.add(new Case("overlapping different values conflict on exactly that field; the hub keeps its value",
        live(7, "{t:3, n:1}", "t@7:b", "n@5:b"), put(5, "{t:4, n:1}", "t"),
        Kind.CONFLICT, json("{t:3, n:1}"), false, List.of("t")));
    t.add(new Case("several overlaps: only the fields with different values are named",
        live(8, "{t:3, n:2, x:5, y:1}", "t@7:b", "n@8:b", "x@8:b", "y@5:b"),
        put(5, "{t:4, n:2, x:6, y:2}", "t", "n", "x", "y"),
        Kind.CONFLICT, json("{t:3, n:2, x:5, y:1}"), false, List.of("t", "x")));
    t.add(new Case("a hub-side write counts as concurrent like any other site's",
        live(7, "{t:3, n:1}", "t@7:", "n@5:b"), put(5, "{t:4, n:1}", "t"),
        Kind.CONFLICT, json("{t:3, n:1}"), false, List.of("t")));
    t.add(new Case("a change the edge's copy already saw (stamp at the base) is not concurrent",
        live(5, "{t:3, n:1}", "t@5:b", "n@4:b"), put(5, "{t:4, n:1}", "t"),
        Kind.APPLIED, json("{t:4, n:1}"), false, List.of()));

    // ---- deletion
    t.add(new Case("delete of an unchanged record is applied",
        live(5, "{t:1, n:1}", "t@5:b", "n@5:b"), delete(5),
        Kind.APPLIED, json("{}"), true, List.of()));
    t.add(new Case("edge delete versus hub update conflicts",
        live(7, "{t:2, n:1}", "t@7:b", "n@5:b"), delete(5),
        Kind.CONFLICT, json("{t:2, n:1}"), false, List.of(DELETED)));
    t.add(new Case("edge delete versus a field removed on the hub conflicts (a removal is an update)",
        live(7, "{t:1}", "t@5:b", "n@7:b"), delete(5),
        Kind.CONFLICT, json("{t:1}"), false, List.of(DELETED)));
    t.add(new Case("edge update versus hub delete conflicts; the tombstone stays",
        tombstone(7, "b", "t@5:b", "n@5:b"), put(5, "{t:2, n:1}", "t"),
        Kind.CONFLICT, json("{}"), true, List.of(DELETED)));
    t.add(new Case("update of a record deleted and re-created since base conflicts on the fields the "
            + "deletion removed and the re-creation did not restore",
        live(9, "{t:7}", "t@9:c", "n@7:b"), put(5, "{t:1, n:2}", "n"),
        Kind.CONFLICT, json("{t:7}"), false, List.of("n")));
    t.add(new Case("delete of an already deleted record is a no-op",
        tombstone(7, "b", "t@7:b", "n@7:b"), delete(5),
        Kind.UNCHANGED, json("{}"), true, List.of()));
    t.add(new Case("delete of a record the hub never had is a no-op",
        HubRecordState.ABSENT, delete(0),
        Kind.UNCHANGED, json("{}"), false, List.of()));
    t.add(new Case("re-creating a record whose deletion the edge had seen is applied",
        tombstone(7, "b", "t@7:b", "n@7:b"), put(7, "{t:5}", "t"),
        Kind.APPLIED, json("{t:5}"), false, List.of()));

    // ---- nested objects are one field
    t.add(new Case("changes at different paths inside one nested object conflict",
        live(7, "{t:1, n:{city:'Y', zip:1}}", "t@5:b", "n@7:b"), put(5, "{t:1, n:{city:'X', zip:2}}", "n"),
        Kind.CONFLICT, json("{t:1, n:{city:'Y', zip:1}}"), false, List.of("n")));
    t.add(new Case("identical nested values on both sides are no conflict (whatever the key order)",
        live(7, "{t:1, n:{city:'Y', zip:2}}", "t@5:b", "n@7:b"), put(5, "{t:1, n:{zip:2, city:'Y'}}", "n"),
        Kind.UNCHANGED, json("{t:1, n:{city:'Y', zip:2}}"), false, List.of()));
    t.add(new Case("a nested object changed on one side only is taken whole",
        live(7, "{t:2, n:{city:'X', zip:1}}", "t@7:b", "n@5:b"), put(5, "{t:1, n:{city:'X', zip:2}}", "n"),
        Kind.MERGED, json("{t:2, n:{city:'X', zip:2}}"), false, List.of()));

    // ---- fields added and removed
    t.add(new Case("a field added on each side (different fields) merges",
        live(7, "{t:1, n:1, x:1}", "t@5:b", "n@5:b", "x@7:b"), put(5, "{t:1, n:1, y:2}", "y"),
        Kind.MERGED, json("{t:1, n:1, x:1, y:2}"), false, List.of()));
    t.add(new Case("the same field added on both sides with different values conflicts",
        live(7, "{t:1, n:1, x:1}", "t@5:b", "n@5:b", "x@7:b"), put(5, "{t:1, n:1, x:2}", "x"),
        Kind.CONFLICT, json("{t:1, n:1, x:1}"), false, List.of("x")));
    t.add(new Case("a field removed on the edge while another changed on the hub merges without it",
        live(7, "{t:2, n:1}", "t@7:b", "n@5:b"), put(5, "{t:1}", "n"),
        Kind.MERGED, json("{t:2}"), false, List.of()));
    t.add(new Case("a field removed on the hub while another changed on the edge merges without it",
        live(7, "{t:1}", "t@5:b", "n@7:b"), put(5, "{t:2, n:1}", "t"),
        Kind.MERGED, json("{t:2}"), false, List.of()));
    t.add(new Case("a field removed on the edge and changed on the hub conflicts",
        live(7, "{t:1, n:2}", "t@5:b", "n@7:b"), put(5, "{t:1}", "n"),
        Kind.CONFLICT, json("{t:1, n:2}"), false, List.of("n")));
    t.add(new Case("a field removed on the hub and changed on the edge conflicts",
        live(7, "{t:1}", "t@5:b", "n@7:b"), put(5, "{t:1, n:2}", "n"),
        Kind.CONFLICT, json("{t:1}"), false, List.of("n")));
    t.add(new Case("the same field removed on both sides is no conflict",
        live(7, "{t:1}", "t@5:b", "n@7:b"), put(5, "{t:1}", "n"),
        Kind.UNCHANGED, json("{t:1}"), false, List.of()));

    // ---- the edge's own earlier change is never concurrent
    t.add(new Case("the edge's own earlier change to the field does not conflict with its later one",
        live(7, "{t:3, n:1}", "t@7:a", "n@5:b"), put(5, "{t:4, n:1}", "t"),
        Kind.APPLIED, json("{t:4, n:1}"), false, List.of()));
    t.add(new Case("the edge's own earlier change does not turn its delete into a conflict",
        live(7, "{t:3, n:1}", "t@7:a", "n@5:b"), delete(5),
        Kind.APPLIED, json("{}"), true, List.of()));
    t.add(new Case("the edge's own earlier delete does not turn its re-creation into a conflict",
        tombstone(7, "a", "t@7:a", "n@7:a"), put(5, "{t:9}", "t"),
        Kind.APPLIED, json("{t:9}"), false, List.of()));

    // ---- concurrent creation of one id
    t.add(new Case("a record the hub does not have is created as sent",
        HubRecordState.ABSENT, create("{t:1, n:1}"),
        Kind.APPLIED, json("{t:1, n:1}"), false, List.of()));
    t.add(new Case("concurrent creation with equal values is no conflict",
        live(7, "{t:1, n:1}", "t@7:b", "n@7:b"), create("{t:1, n:1}"),
        Kind.UNCHANGED, json("{t:1, n:1}"), false, List.of()));
    t.add(new Case("concurrent creation with different values conflicts on those fields",
        live(7, "{t:1, n:1}", "t@7:b", "n@7:b"), create("{t:1, n:2}"),
        Kind.CONFLICT, json("{t:1, n:1}"), false, List.of("n")));
    t.add(new Case("concurrent creation with disjoint fields merges",
        live(7, "{t:1}", "t@7:b"), create("{n:2}"),
        Kind.MERGED, json("{t:1, n:2}"), false, List.of()));
    return t.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesAsTheTableSays(Case c) {
    MergeOutcome out = MergeRules.decide(c.hub(), c.change());
    assertEquals(c.kind(), out.kind(), "kind");
    assertEquals(c.result(), out.result(), "resulting value");
    assertEquals(c.delete(), out.delete(), "deleted after the decision");
    assertEquals(c.conflictFields(), out.conflictFields(), "conflicting fields");
    if (out.kind() == Kind.UNCHANGED || out.kind() == Kind.CONFLICT) {
      assertEquals(Set.of(), out.touchedFields(), "nothing is stamped when nothing changes");
    }
  }

  // ---- builders: JSON in a relaxed form ({t:1, n:{city:'X'}}) and stamps as "field@version:site"

  private static JsonObject json(String relaxed) {
    String strict = relaxed.replace('\'', '"').replaceAll("([{,]\\s*)([A-Za-z_]\\w*)\\s*:", "$1\"$2\":");
    return new JsonObject(strict);
  }

  private static Map<String, FieldStamp> stamps(String... stamps) {
    Map<String, FieldStamp> out = new HashMap<>();
    for (String s : stamps) {
      String[] fieldRest = s.split("@", 2);
      String[] versionSite = fieldRest[1].split(":", -1);
      out.put(fieldRest[0], new FieldStamp(Long.parseLong(versionSite[0]), versionSite[1]));
    }
    return out;
  }

  private static HubRecordState live(long version, String data, String... stamps) {
    return new HubRecordState(true, false, version, json(data), stamps(stamps), null);
  }

  private static HubRecordState tombstone(long version, String deletedBy, String... stamps) {
    return new HubRecordState(true, true, version, new JsonObject(), stamps(stamps),
        new FieldStamp(version, deletedBy));
  }

  private static EdgeChange put(long base, String data, String... changed) {
    return new EdgeChange(ChangeOp.PUT, json(data), Set.copyOf(Arrays.asList(changed)), base, ME);
  }

  private static EdgeChange create(String data) {
    JsonObject value = json(data);
    return new EdgeChange(ChangeOp.PUT, value, value.fieldNames(), 0, ME);
  }

  private static EdgeChange delete(long base) {
    return new EdgeChange(ChangeOp.DELETE, new JsonObject(), Set.of(), base, ME);
  }
}
