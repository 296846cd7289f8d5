package outpost.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import outpost.common.RecordKey;
import outpost.common.merge.ChangeOp;
import outpost.common.sync.ChangeOutcome;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.pg.PgHubStore;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;
import outpost.system.fixture.PgSchema;

/**
 * A resolution is never silently replaced (docs/conflicts.md, "Two resolutions"), with a real hub on each store
 * and real edges: a conflict resolved on the hub and then, differently, on the edge still showing its card comes
 * back flagged on both sides with both choices and a PARTIAL run; the same choice twice is nothing to do; and a
 * change the hub answered CONFLICT, sent again as an ordinary change based on a later version, is answered
 * CONFLICT again rather than applied over the other site's value.
 */
class ResolvedTwiceTest {
  @TempDir
  Path tmp;

  /** Runs {@code body} with a hub on {@code store} ("embedded" or "pg") and edges clinic-a and clinic-b. */
  private void withNodes(String store, NodesBody body) throws Exception {
    Vertx pgVertx = store.equals("pg") ? Vertx.vertx() : null;
    PgSchema schema = pgVertx == null ? null : new PgSchema(pgVertx);
    try (HubWithEdges nodes = schema == null ? new HubWithEdges(tmp)
        : new HubWithEdges(tmp, v -> new PgHubStore(v, schema.url(), GrpcHub.CATALOG));
        TestEdge a = nodes.edge("clinic-a"); TestEdge b = nodes.edge("clinic-b")) {
      body.run(nodes.hub, a, b);
    } finally {
      if (schema != null) {
        schema.close();
        Await.of(pgVertx.close());
      }
    }
  }

  private interface NodesBody {
    void run(GrpcHub hub, TestEdge a, TestEdge b) throws Exception;
  }

  /** The hub creates notes/{id}; both edges pull it; A changes v and pushes; B changes v and is told CONFLICT. */
  private static void collide(GrpcHub hub, TestEdge a, TestEdge b, String id) {
    Await.of(hub.store.applyBatch("", "setup", List.of(new IncomingChange(0, "notes", id, ChangeOp.PUT,
        new JsonObject().put("v", "0"), Set.of("v"), 0, "", ""))));
    assertEquals("COMPLETE", a.sync().getString("status"));
    assertEquals("COMPLETE", b.sync().getString("status"));
    a.put("notes", id, new JsonObject().put("v", "a"));
    assertEquals("COMPLETE", a.sync().getString("status"));
    b.put("notes", id, new JsonObject().put("v", "b"));
    assertEquals("PARTIAL", b.sync().getString("status"));
    assertEquals(1, Await.of(b.conflicts.list()).size());
  }

  private static JsonObject hubData(GrpcHub hub, String id) {
    return Await.of(hub.store.get(new RecordKey("notes", id))).orElseThrow().data();
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void aDifferentSecondChoiceIsFlaggedAgainWithBoth(String store) throws Exception {
    withNodes(store, (hub, a, b) -> {
      collide(hub, a, b, "n1");
      // On the hub a person keeps clinic-b's proposal ("keep local"); on clinic-b, still showing the card,
      // another person keeps the hub's value as the card shows it.
      Await.of(hub.store.resolve(new RecordKey("notes", "n1"), "local", "clinic-b", null, "admin"));
      assertEquals(new JsonObject().put("v", "b"), hubData(hub, "n1"));
      Await.of(b.conflicts.resolve("notes", "n1", "hub", null));
      JsonObject run = b.sync();
      assertEquals("PARTIAL", run.getString("status"), run.encode());

      List<JsonObject> onEdge = Await.of(b.conflicts.list());
      assertEquals(1, onEdge.size(), onEdge.toString());
      JsonObject card = onEdge.get(0);
      assertEquals(new JsonObject().put("v", "b"), card.getJsonObject("hub").getJsonObject("data"),
          "the hub's side is the earlier choice");
      assertEquals(new JsonObject().put("v", "a"), card.getJsonObject("local").getJsonObject("data"),
          "the local side is this edge's later choice");
      assertEquals("hub", card.getJsonObject("resolvedTwice").getJsonObject("later").getString("keep"));
      assertEquals("conflict", b.get("notes", "n1").orElseThrow().state().json());

      List<ConflictEntry> onHub = Await.of(hub.store.conflicts(new RecordKey("notes", "n1")));
      assertEquals(1, onHub.size());
      ConflictEntry c = onHub.get(0);
      assertEquals("clinic-b", c.site());
      assertEquals(new JsonObject().put("v", "a"), c.localData());
      assertEquals(new JsonObject().put("v", "b"), c.hubData());
      assertEquals(List.of("v"), c.fields());
      assertNotNull(c.resolvedTwice(), "the hub's entry says it is a second resolution");
      assertEquals("hub", c.resolvedTwice().getJsonObject("earlier").getString("by"));
      assertEquals(new JsonObject().put("v", "b"), hubData(hub, "n1"), "nothing was applied over the first choice");
      assertTrue(Await.of(hub.store.get(new RecordKey("notes", "n1"))).orElseThrow().inConflict());

      // Deciding again settles it: the record takes the new decision everywhere.
      Await.of(b.conflicts.resolve("notes", "n1", "local", null));
      assertEquals("COMPLETE", b.sync().getString("status"));
      assertEquals(new JsonObject().put("v", "a"), hubData(hub, "n1"));
      assertEquals(List.of(), Await.of(hub.store.conflicts(new RecordKey("notes", "n1"))));
      assertEquals(List.of(), Await.of(b.conflicts.list()));
      a.sync();
      assertEquals(new JsonObject().put("v", "a"), a.get("notes", "n1").orElseThrow().data());
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void theSameSecondChoiceIsNothingToDo(String store) throws Exception {
    withNodes(store, (hub, a, b) -> {
      collide(hub, a, b, "n2");
      Await.of(hub.store.resolve(new RecordKey("notes", "n2"), "local", "clinic-b", null, "admin"));
      Await.of(b.conflicts.resolve("notes", "n2", "local", null));
      JsonObject run = b.sync();
      assertEquals("COMPLETE", run.getString("status"), run.encode());
      assertEquals(List.of(), Await.of(b.conflicts.list()));
      assertEquals(List.of(), Await.of(hub.store.conflicts(new RecordKey("notes", "n2"))));
      assertEquals(new JsonObject().put("v", "b"), b.get("notes", "n2").orElseThrow().data());
      assertEquals(new JsonObject().put("v", "b"), hubData(hub, "n2"));
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "pg"})
  void aChangeAnsweredConflictIsAnsweredConflictAgain(String store) throws Exception {
    withNodes(store, (hub, a, b) -> {
      collide(hub, a, b, "n3");
      ConflictEntry open = Await.of(hub.store.conflicts(new RecordKey("notes", "n3"))).get(0);
      // clinic-b's proposal again, as an ordinary change under a new number and based on the version the CONFLICT
      // answer named (what an edge that lost its flag would send): it must not win over clinic-a's value.
      IncomingChange again = new IncomingChange(open.originSeq() + 100, "notes", "n3", ChangeOp.PUT,
          new JsonObject().put("v", "b"), Set.of("v"), open.hubVersion(), "", "");
      List<ChangeOutcome> answer = Await.of(hub.store.applyBatch("clinic-b", "again", List.of(again)));
      assertEquals(ChangeOutcome.Status.CONFLICT, answer.get(0).status());
      assertEquals(new JsonObject().put("v", "a"), hubData(hub, "n3"));
      // The same change under its own number, too.
      IncomingChange resent = new IncomingChange(open.originSeq(), "notes", "n3", ChangeOp.PUT,
          new JsonObject().put("v", "b"), Set.of("v"), open.baseVersion(), "", "");
      assertEquals(ChangeOutcome.Status.CONFLICT,
          Await.of(hub.store.applyBatch("clinic-b", "resent", List.of(resent))).get(0).status());
      assertEquals(new JsonObject().put("v", "a"), hubData(hub, "n3"));
      assertEquals(1, Await.of(hub.store.conflicts(new RecordKey("notes", "n3"))).size());
    });
  }
}
