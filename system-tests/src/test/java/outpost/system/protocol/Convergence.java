package outpost.system.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import outpost.edge.store.LocalRecord;
import outpost.edge.store.RecordState;
import outpost.hub.store.StoredRecord;
import outpost.system.fixture.GrpcHub;

/** Assertions that an edge holds exactly the hub's records of a collection, each once, at the hub's version. */
final class Convergence {
  private Convergence() {}

  static void assertEdgeHoldsHub(GrpcHub hub, ProtocolEdge edge, String collection) {
    assertEdgeHoldsHub(hub, edge, collection, r -> true);
  }

  /** As above, for the hub records in the edge's scope ({@code inScope}). */
  static void assertEdgeHoldsHub(GrpcHub hub, ProtocolEdge edge, String collection,
      java.util.function.Predicate<StoredRecord> inScope) {
    Map<String, StoredRecord> onHub = new TreeMap<>();
    for (StoredRecord r : hub.live(collection)) {
      if (inScope.test(r)) {
        onHub.put(r.id(), r);
      }
    }
    List<LocalRecord> local = edge.live(collection);
    Map<String, LocalRecord> onEdge = new TreeMap<>();
    for (LocalRecord r : local) {
      if (onEdge.put(r.id(), r) != null) {
        fail(edge.site + " holds " + collection + "/" + r.id() + " twice");
      }
    }
    if (!onHub.keySet().equals(onEdge.keySet())) {
      var missing = new java.util.TreeSet<>(onHub.keySet());
      missing.removeAll(onEdge.keySet());
      var extra = new java.util.TreeSet<>(onEdge.keySet());
      extra.removeAll(onHub.keySet());
      fail(edge.site + " differs from the hub in " + collection + ": missing " + first(missing) + " ("
          + missing.size() + "), extra " + first(extra) + " (" + extra.size() + ")");
    }
    for (StoredRecord h : onHub.values()) {
      LocalRecord e = onEdge.get(h.id());
      assertEquals(h.version(), e.hubVersion(), edge.site + ": version of " + h.id());
      assertEquals(h.data(), e.data(), edge.site + ": data of " + h.id());
      assertEquals(RecordState.SYNCED, e.state(), edge.site + ": state of " + h.id());
    }
  }

  /** No run of the edge needed the divergence repair: a repair would hide a lost or skipped change. */
  static void assertNoRepair(ProtocolEdge edge) {
    for (JsonObject run : edge.runs()) {
      for (Object note : run.getJsonArray("notes")) {
        assertTrue(!note.toString().contains("divergence"), edge.site + " run " + run.getString("id")
            + " repaired a divergence: " + note);
      }
    }
  }

  private static String first(java.util.SortedSet<String> ids) {
    return ids.isEmpty() ? "-" : ids.first();
  }
}
