package outpost.hub.store.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static outpost.hub.store.Await.failure;
import static outpost.hub.store.Await.result;
import static outpost.hub.store.Changes.obj;
import static outpost.hub.store.Changes.put;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.hub.config.Catalog;
import outpost.common.sync.ChangeOutcome;
import outpost.common.sync.ChangeOutcome.Status;
import outpost.hub.store.Changes;
import outpost.hub.store.HubStore;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStoreContract;
import outpost.hub.store.PullPage;
import outpost.hub.store.RunConfirmation;
import outpost.hub.store.StoredRecord;

/** The contract suite on PostgreSQL, plus what only a database store can get wrong. */
class PgHubStoreTest extends HubStoreContract {
  private PgTestSchema schema;

  @Override
  protected HubStore newStore(Vertx vertx, Catalog catalog) {
    schema = new PgTestSchema(vertx);
    return new PgHubStore(vertx, schema.url(), catalog);
  }

  @Override
  protected void cleanup() {
    schema.close();
  }

  @Test
  void aRunStoredBeforeConfirmationsExistedStillMergesAndIsConfirmed() {
    schema.exec("INSERT INTO " + schema.name + ".runs (site, sync_id, started_at, json) VALUES ('" + A + "', 'old', 100,"
        + " '{\"id\":\"old\",\"site\":\"" + A + "\",\"startedAt\":100,\"finishedAt\":150,\"status\":\"COMPLETE\","
        + "\"pushed\":2,\"applied\":2,\"conflicts\":0,\"rejected\":0,\"duplicates\":0,\"pulled\":0,\"error\":\"\"}')");
    result(store.mergeRun(new HubRun("old", A, 120, 190, "PARTIAL", 0, 0, 0, 0, 0, 3, "")));
    HubRun merged = result(store.runs(A, 10)).get(0);
    assertEquals("PARTIAL", merged.status());
    assertEquals("PARTIAL", merged.hubStatus());
    assertFalse(merged.confirmed());
    assertEquals(2, merged.pushed());
    assertEquals(3, merged.pulled());
    assertTrue(result(store.confirmRun(A, "old", new RunConfirmation("COMPLETE", java.util.Map.of(), "", ""))));
    HubRun confirmed = result(store.runs(A, 10)).get(0);
    assertEquals("COMPLETE", confirmed.status());
    assertEquals("PARTIAL", confirmed.hubStatus());
    assertTrue(confirmed.confirmed());
  }

  @Test
  void replicasStartingTogetherApplyEachMigrationOnce() throws java.io.IOException {
    try (PgTestSchema fresh = new PgTestSchema(vertx)) {
      List<HubStore> replicas = List.of(new PgHubStore(vertx, fresh.url(), Changes.CATALOG),
          new PgHubStore(vertx, fresh.url(), Changes.CATALOG), new PgHubStore(vertx, fresh.url(), Changes.CATALOG));
      try {
        result(Future.all(replicas.stream().map(HubStore::open).toList()));
        long migrations = PgMigrations.load().size();
        assertEquals(migrations, fresh.number("SELECT count(*) FROM $s.outpost_schema_version"));
        assertEquals(1, fresh.number("SELECT count(*) FROM $s.hub_head"));
        result(replicas.get(0).open());
        assertEquals(migrations, fresh.number("SELECT count(*) FROM $s.outpost_schema_version"));
      } finally {
        replicas.forEach(r -> result(r.close()));
      }
    }
  }

  @Test
  void aBatchThatFailsHalfwayLeavesNothingBehind() {
    long v1 = one(A, put(1, "notes", "c1", 0, obj("a", 1))).version();
    one(A, put(2, "notes", "c1", v1, obj("a", 2)));
    long h = head();
    installTrigger("poison", "RAISE EXCEPTION 'poisoned record'");

    // A conflict, a new record, then a row the database refuses: none of it may stay.
    OutpostException failed = failure(store.applyBatch(B, "s1", List.of(put(1, "notes", "c1", v1, obj("a", 3)),
        put(2, "notes", "n1", 0, obj("t", 1)), put(3, "notes", "poison", 0, obj("t", 1)))));
    assertEquals(ErrorCode.INTERNAL_ERROR, failed.code());
    assertEquals(h, head());
    assertNull(get("notes", "n1"));
    assertFalse(get("notes", "c1").inConflict());
    assertTrue(result(store.conflicts()).isEmpty());
    assertEquals(0, result(store.site(B)).orElseThrow().lastSeq());

    List<ChangeOutcome> retried = apply(B, put(1, "notes", "c1", v1, obj("a", 3)),
        put(2, "notes", "n1", 0, obj("t", 1)));
    assertEquals(List.of(Status.CONFLICT, Status.APPLIED), retried.stream().map(ChangeOutcome::status).toList());
    assertEquals(h + 1, retried.get(1).version(), "the failed attempt used up no version");
  }

  /** An operator who sets a site's processed sequence back by hand does not make the hub forget what it holds. */
  @Test
  void aSequenceSetBackByHandStillTellsAResendFromAReusedNumber() {
    apply(A, put(1, "notes", "n1", 0, obj("t", 1)), put(2, "notes", "n2", 0, obj("t", 2)));
    schema.exec("UPDATE " + schema.name + ".sites SET last_seq = 0 WHERE id = '" + A + "'");
    List<ChangeOutcome> again = apply(A, put(1, "notes", "n1", 0, obj("t", 1)), put(2, "notes", "n2", 0,
        obj("t", "other")), put(3, "notes", "n3", 0, obj("t", 3)));
    assertEquals(List.of(Status.DUPLICATE, Status.REJECTED, Status.APPLIED),
        again.stream().map(ChangeOutcome::status).toList());
    assertEquals("ORIGIN_REUSED", again.get(1).code());
    assertEquals(obj("t", 2), get("notes", "n2").data());
  }

  @Test
  void losingTheConnectionDuringABatchIsAConnectionErrorAndTheRetryCompletes() throws Exception {
    long h = head();
    installTrigger("slow", "PERFORM pg_sleep(20)");
    Future<List<ChangeOutcome>> push = store.applyBatch(A, "s1", List.of(put(1, "notes", "n1", 0, obj("t", 1)),
        put(2, "notes", "slow", 0, obj("t", 1)), put(3, "notes", "n2", 0, obj("t", 1))));
    String sleeping = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + schema.name
        + "' AND wait_event = 'PgSleep'";
    long deadline = System.currentTimeMillis() + 10_000;
    while (schema.number(sleeping) == 0) {
      assertTrue(System.currentTimeMillis() < deadline, "the batch never reached the slow row");
      Thread.sleep(20);
    }
    // What a PostgreSQL restart does to the hub's database connections.
    schema.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
        + schema.name + "'");

    assertEquals(ErrorCode.CONNECTION_ERROR, failure(push).code());
    assertTrue(failure(push).retriable());
    schema.exec("DROP TRIGGER slow ON " + schema.name + ".records");
    assertEquals(h, head());
    assertNull(get("notes", "n1"));

    List<ChangeOutcome> retried = apply(A, put(1, "notes", "n1", 0, obj("t", 1)),
        put(3, "notes", "n2", 0, obj("t", 1)));
    assertEquals(List.of(h + 1, h + 2), retried.stream().map(ChangeOutcome::version).toList());
  }

  @Test
  void anUnreachableDatabaseIsARetriableConnectionError() {
    HubStore nowhere = new PgHubStore(vertx, "postgresql://postgres@127.0.0.1:1/test", Changes.CATALOG);
    try {
      OutpostException e = failure(nowhere.open());
      assertEquals(ErrorCode.CONNECTION_ERROR, e.code());
      assertTrue(e.retriable());
      assertFalse(result(nowhere.ready()));
      assertEquals(ErrorCode.CONNECTION_ERROR, failure(nowhere.head()).code());
    } finally {
      result(nowhere.close());
    }
  }

  @Test
  void valuesRoundTripExactlyIncludingNulCharactersAndLargeNumbers() {
    JsonObject value = obj("s", "a\u0000b \u00e9\u4e2d", "n", 1.5, "big", 12345678901234L,
        "nested", obj("x", new JsonArray().add(1).add("y").addNull()), "nothing", null, "yes", true);
    long v = one(A, put(1, "notes", "odd", 0, value)).version();
    StoredRecord stored = get("notes", "odd");
    assertEquals(value, stored.data());
    assertEquals(v, stored.fields().get("nothing").version());
    PullPage page = result(store.pull(A, Set.of("notes"), 0, 10));
    assertEquals(value, page.records().get(0).data());
    assertEquals(stored, page.records().get(0));
  }

  /** A BEFORE INSERT trigger on records that runs {@code body} for the row with id {@code id}. */
  private void installTrigger(String id, String body) {
    String s = schema.name;
    schema.exec("CREATE FUNCTION " + s + "." + id + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " + body
        + "; RETURN NEW; END $$");
    schema.exec("CREATE TRIGGER " + id + " BEFORE INSERT ON " + s + ".records FOR EACH ROW WHEN (NEW.id = '" + id
        + "') EXECUTE FUNCTION " + s + "." + id + "()");
  }
}
