package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.edge.run.CollectionOutcome;
import outpost.edge.run.RunResult;
import outpost.edge.run.RunStatus;
import outpost.edge.schedule.Trigger;

/** Each collection's status comes from its own outcome in each run; a run that did not touch it leaves it. */
class RunHistoryCollectionsTest {
  @TempDir
  Path dir;

  @Test
  void eachCollectionKeepsItsOwnStatusLatestSyncAndLastSuccess() {
    try (EdgeStore store = StoreFixture.open(dir, Durability.COMMIT)) {
      RunHistory history = new RunHistory(store);
      // run 1: patients refused a change, notes and items fine
      StoreFixture.await(history.save(run("r1", 1, Trigger.MANUAL, RunStatus.PARTIAL,
          outcome("patients", RunStatus.PARTIAL), outcome("notes", RunStatus.COMPLETE),
          outcome("items", RunStatus.COMPLETE))));
      // run 2, a retry that touched only patients
      StoreFixture.await(history.save(run("r2", 2, Trigger.RETRY, RunStatus.COMPLETE,
          outcome("patients", RunStatus.COMPLETE))));
      // run 3: the hub was down: every collection routed there FAILED
      StoreFixture.await(history.save(run("r3", 3, Trigger.SCHEDULE, RunStatus.FAILED,
          outcome("patients", RunStatus.FAILED), outcome("notes", RunStatus.FAILED))));

      JsonObject patients = find(StoreFixture.await(history.collections(List.of("central"))), "patients");
      JsonObject notes = find(StoreFixture.await(history.collections(List.of("central"))), "notes");
      JsonObject items = find(StoreFixture.await(history.collections(List.of("central"))), "items");
      assertEquals("FAILED", patients.getString("currentStatus"));
      assertEquals("r3", patients.getString("latestSyncId"));
      assertEquals("r2", patients.getString("latestSuccessfulSyncId"), "the retry's success is patients' own");
      assertEquals("FAILED", notes.getString("currentStatus"), "not a green COMPLETE after a run that failed to connect");
      assertEquals("r1", notes.getString("latestSuccessfulSyncId"), "the retry never touched notes");
      assertEquals("COMPLETE", items.getString("currentStatus"), "never stamped by runs that did not touch it");
      assertEquals("r1", items.getString("latestSyncId"));
      assertEquals(0L, items.getLong("pending"));
    }
  }

  @Test
  void pendingIsEachCollectionsOwnCount() {
    try (EdgeStore store = StoreFixture.open(dir, Durability.COMMIT)) {
      StoreFixture.await(store.put("patients", "p1", new JsonObject().put("a", 1)));
      StoreFixture.await(store.put("patients", "p2", new JsonObject().put("a", 1)));
      StoreFixture.await(store.put("notes", "n1", new JsonObject().put("a", 1)));
      JsonArray all = StoreFixture.await(new RunHistory(store).collections(List.of("central")));
      assertEquals(2L, find(all, "patients").getLong("pending"));
      assertEquals(1L, find(all, "notes").getLong("pending"));
      assertNull(find(all, "notes").getString("currentStatus"), "never synced");
    }
  }

  private static JsonObject find(JsonArray all, String collection) {
    return all.stream().map(JsonObject.class::cast).filter(o -> collection.equals(o.getString("collection")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + collection + " in " + all));
  }

  private static CollectionOutcome outcome(String collection, RunStatus status) {
    return new CollectionOutcome(collection, "central", status);
  }

  private static RunResult run(String id, int minute, Trigger trigger, RunStatus status, CollectionOutcome... outcomes) {
    Instant start = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * minute);
    return new RunResult(id, trigger, status, start, start.plusSeconds(5), null, List.of(), List.of(), List.of(),
        List.of(outcomes), null, List.of());
  }
}
