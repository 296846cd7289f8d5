package outpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import outpost.common.RecordKey;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;

/** One hub and edge nodes, all real (gRPC on port 0, MVStore files in temp folders), syncing end to end. */
class SyncEndToEndTest extends OneHubCase {
  private static String status(JsonObject run) {
    return run.getString("status");
  }

  @Test
  void recordWrittenOnOneEdgeReachesTheOtherWithUpdateAndDelete() {
    try (TestEdge a = edge("clinic-a"); TestEdge b = edge("clinic-b")) {
      a.put("notes", "n1", new JsonObject().put("text", "hello").put("by", "a"));
      assertEquals("COMPLETE", status(a.sync()));
      assertEquals(0, a.store.pending("central"));
      assertEquals("COMPLETE", status(b.sync()));
      assertEquals("hello", b.get("notes", "n1").orElseThrow().data().getString("text"));
      assertEquals("synced", b.get("notes", "n1").orElseThrow().toApiJson().getJsonObject("sync").getString("state"));

      a.put("notes", "n1", new JsonObject().put("text", "hello again").put("by", "a"));
      a.sync();
      b.sync();
      assertEquals("hello again", b.get("notes", "n1").orElseThrow().data().getString("text"));

      Await.of(a.store.delete("notes", "n1"));
      assertEquals("COMPLETE", status(a.sync()));
      b.sync();
      assertTrue(b.get("notes", "n1").isEmpty(), "the delete travelled to B");
      assertTrue(Await.of(hub.store.get(new RecordKey("notes", "n1"))).orElseThrow().deleted());
    }
  }

  @Test
  void wrongTokenFailsWithAuthErrorAndChangesNothingOnTheHub() {
    hub.addSite("clinic-x");
    try (TestEdge x = new TestEdge(vertx, tmp.resolve("x"), "clinic-x", hub.address(), "not-the-token")) {
      x.put("notes", "n1", new JsonObject().put("text", "sneaky"));
      JsonObject run = x.sync();
      assertEquals("FAILED", status(run));
      JsonObject hubRun = run.getJsonArray("hubs").getJsonObject(0);
      assertEquals("AUTH_ERROR", hubRun.getJsonObject("error").getString("code"));
      assertEquals(0L, Await.of(hub.store.head()));
      assertTrue(Await.of(hub.store.get(new RecordKey("notes", "n1"))).isEmpty());
      assertEquals(1, x.store.pending("central"), "the change is kept for the next run");
    }
  }

  @Test
  void aSiteDoesNotPullBackItsOwnChangesUnlessTheHubMergedThem() {
    try (TestEdge a = edge("clinic-a"); TestEdge b = edge("clinic-b")) {
      a.put("notes", "r", new JsonObject().put("title", "t0").put("body", "b0"));
      a.put("notes", "s", new JsonObject().put("title", "s0"));
      JsonObject first = a.sync();
      assertEquals("COMPLETE", status(first));
      assertEquals(2, count(first, "push", "new"), first.encode());
      assertEquals(0, count(first, "pull", "skipped"), "applied as sent: they do not come back " + first.encode());
      long hubVersion = Await.of(hub.store.get(new RecordKey("notes", "r"))).orElseThrow().version();
      assertEquals(hubVersion, a.get("notes", "r").orElseThrow().toApiJson().getJsonObject("sync").getLong("version"),
          "the edge knows the hub's version from the push answer");

      assertEquals("COMPLETE", status(b.sync()));
      b.put("notes", "r", new JsonObject().put("title", "t0").put("body", "b-b"));
      assertEquals("COMPLETE", status(b.sync()));
      // A changes the title on the version before B's body: the hub's copy is a merge, not what A sent.
      a.put("notes", "r", new JsonObject().put("title", "t-a").put("body", "b0"));
      JsonObject merged = a.sync();
      assertEquals("COMPLETE", status(merged));
      assertEquals(1, count(merged, "pull", "skipped"), "the merged copy comes back " + merged.encode());
      JsonObject expected = new JsonObject().put("title", "t-a").put("body", "b-b");
      assertEquals(expected, a.get("notes", "r").orElseThrow().data());
      assertFalse(merged.encode().contains("divergence"), "no repair was needed: " + merged.encode());
      assertEquals("COMPLETE", status(b.sync()));
      assertEquals(expected, b.get("notes", "r").orElseThrow().data());
    }
  }

  private static long count(JsonObject run, String operation, String kind) {
    return ExactNumbersSyncTest.count(run, operation, kind);
  }

  @Test
  void differentFieldsMergeAndSameFieldConflictsUntilResolvedWithKeepLocal() {
    try (TestEdge a = edge("clinic-a"); TestEdge b = edge("clinic-b")) {
      a.put("notes", "r", new JsonObject().put("title", "t0").put("body", "b0").put("tag", "x"));
      a.sync();
      b.sync();
      a.put("notes", "r", new JsonObject().put("title", "t-a").put("body", "b0").put("tag", "x"));
      b.put("notes", "r", new JsonObject().put("title", "t0").put("body", "b-b").put("tag", "x"));
      assertEquals("COMPLETE", status(a.sync()));
      assertEquals("COMPLETE", status(b.sync()), "different fields merge without conflict");
      a.sync();
      JsonObject expected = new JsonObject().put("title", "t-a").put("body", "b-b").put("tag", "x");
      assertEquals(expected, a.get("notes", "r").orElseThrow().data());
      assertEquals(expected, b.get("notes", "r").orElseThrow().data());

      a.put("notes", "r", expected.copy().put("tag", "from-a"));
      b.put("notes", "r", expected.copy().put("tag", "from-b"));
      assertEquals("COMPLETE", status(a.sync()));
      JsonObject runB = b.sync();
      assertEquals("PARTIAL", status(runB), "a conflict shows as partial");
      assertEquals("conflict", b.get("notes", "r").orElseThrow().toApiJson().getJsonObject("sync").getString("state"));
      List<JsonObject> conflicts = Await.of(b.conflicts.list());
      assertEquals(1, conflicts.size());
      assertEquals("from-a", conflicts.get(0).getJsonObject("hub").getJsonObject("data").getString("tag"));
      assertEquals("from-b", conflicts.get(0).getJsonObject("local").getJsonObject("data").getString("tag"));
      assertEquals(List.of("tag"), conflicts.get(0).getJsonArray("fields").getList());
      assertEquals(1, Await.of(hub.store.conflicts()).size(), "flagged on the hub too");
      assertEquals("from-a", Await.of(hub.store.get(new RecordKey("notes", "r"))).orElseThrow().data()
          .getString("tag"), "the hub keeps its value");

      Await.of(b.conflicts.resolve("notes", "r", "local", null));
      assertEquals("COMPLETE", status(b.sync()));
      a.sync();
      assertTrue(Await.of(hub.store.conflicts()).isEmpty());
      assertTrue(Await.of(b.conflicts.list()).isEmpty());
      assertEquals("from-b", a.get("notes", "r").orElseThrow().data().getString("tag"));
      assertEquals("from-b", b.get("notes", "r").orElseThrow().data().getString("tag"));
      assertEquals(1, Await.of(hub.store.audit(new RecordKey("notes", "r"))).size(), "an audit entry");
    }
  }

  @Test
  void writeToAnotherSitesRecordIsRejectedAndKeptAsFailedItem() {
    try (TestEdge a = edge("clinic-a"); TestEdge b = edge("clinic-b")) {
      b.put("patients", "p1", new JsonObject().put("name", "Bea"));
      b.sync();
      a.sync();
      assertTrue(a.get("patients", "p1").isEmpty(), "scope: A never receives B's site records");
      // A forges a write to B's record id.
      a.put("patients", "p1", new JsonObject().put("name", "Mallory"));
      JsonObject run = a.sync();
      assertEquals("PARTIAL", status(run));
      assertEquals("failed", a.get("patients", "p1").orElseThrow().toApiJson().getJsonObject("sync").getString("state"));
      assertEquals("Bea", Await.of(hub.store.get(new RecordKey("patients", "p1"))).orElseThrow().data()
          .getString("name"));
      b.sync();
      assertEquals("Bea", b.get("patients", "p1").orElseThrow().data().getString("name"));
    }
  }

  @Test
  void protocolOutsideTheHubWindowIsVersionIncompatibleAndNothingIsApplied() {
    String token = hub.addSite("clinic-old");
    try (TestEdge old = new TestEdge(vertx, tmp.resolve("old"), "clinic-old",
        List.of(new TestEdge.Hub("central", hub.address(), token, List.of())), 7)) {
      old.put("notes", "n", new JsonObject().put("v", 1));
      JsonObject run = old.sync();
      assertEquals("VERSION_INCOMPATIBLE",
          run.getJsonArray("hubs").getJsonObject(0).getJsonObject("error").getString("code"));
      assertEquals(0L, Await.of(hub.store.head()));
    }
  }

  @Test
  void oneHubDownFailsOnlyItsOwnStepsAndTheNextRunCompletes() {
    try (GrpcHub second = GrpcHub.on(vertx).dir(tmp.resolve("hub2")).start()) {
      String t1 = hub.addSite("clinic-a");
      String t2 = second.addSite("clinic-a");
      List<TestEdge.Hub> hubs = List.of(new TestEdge.Hub("central", hub.address(), t1, List.of("notes")),
          new TestEdge.Hub("regional", second.address(), t2, List.of("patients")));
      try (TestEdge a = new TestEdge(vertx, tmp.resolve("a"), "clinic-a", hubs, 1)) {
        a.put("notes", "n", new JsonObject().put("v", 1));
        a.put("patients", "p", new JsonObject().put("v", 1));
        second.stopServer();
        JsonObject run = a.sync();
        assertEquals("PARTIAL", status(run));
        JsonObject regional = run.getJsonArray("hubs").getJsonObject(1);
        assertEquals("CONNECTION_ERROR", regional.getJsonObject("error").getString("code"));
        assertEquals("COMPLETE", run.getJsonArray("hubs").getJsonObject(0).getString("status"));
        assertFalse(Await.of(hub.store.get(new RecordKey("notes", "n"))).isEmpty());
        second.restartServer();
        assertEquals("COMPLETE", status(a.sync()));
        assertFalse(Await.of(second.store.get(new RecordKey("patients", "p"))).isEmpty());
      }
    }
  }
}
