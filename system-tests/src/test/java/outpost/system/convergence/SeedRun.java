package outpost.system.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import outpost.common.RecordKey;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.LocalRecord;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.HubRun;
import outpost.hub.store.StoredRecord;
import outpost.system.TestEdge;
import outpost.system.fixture.Await;
import outpost.system.fixture.GrpcHub;

/**
 * One seed of the convergence test: a real hub and three real edges next to the reference model. Every
 * write goes to both; after every sync the real hub's open conflicts and the syncing edge's records and
 * conflicts must equal the model's. At the end conflicts are resolved by a fixed policy and every copy
 * must be identical.
 */
final class SeedRun implements AutoCloseable {
  static final String COLLECTION = "notes";
  static final int EDGES = 3;

  /** What one seed did. */
  record Result(long seed, int writes, int syncs, long conflicts, long resolved, long millis, long syncMillis) {}

  private final long seed;
  private final GrpcHub hub;
  private final List<TestEdge> edges = new ArrayList<>();
  private final ModelHub modelHub = new ModelHub();
  private final List<ModelEdge> models = new ArrayList<>();
  private final Workload workload;
  private int step;
  private int syncs;
  private long syncNanos;
  private long conflictsSeen;

  SeedRun(Vertx vertx, Path dir, long seed) {
    this.seed = seed;
    this.workload = new Workload(new SplittableRandom(seed));
    this.hub = GrpcHub.on(vertx).dir(dir.resolve("hub")).start();
    for (int i = 0; i < EDGES; i++) {
      String site = "edge-" + i;
      edges.add(new TestEdge(vertx, dir.resolve(site), site, hub.address(), hub.addSite(site)));
      models.add(new ModelEdge(site, modelHub));
    }
  }

  Result run(int writes, int syncPerMille, int resolvePerMille) {
    long started = System.nanoTime();
    int done = 0;
    while (done < writes) {
      step++;
      if (workload.nextInt(1000) < syncPerMille) {
        sync(workload.nextInt(EDGES));
        continue;
      }
      if (resolvePerMille > 0 && workload.nextInt(1000) < resolvePerMille) {
        resolveOne(workload.nextInt(EDGES));
        continue;
      }
      write(workload.nextInt(EDGES), workload.pickId());
      done++;
    }
    for (int round = 0; round < 2; round++) {
      for (int e = 0; e < EDGES; e++) {
        sync(e);
      }
    }
    long open = 0;
    // A resolution that reaches the hub after another edge's different one flags the record again: those are
    // resolved in a further pass (each pass leaves fewer: the hub accepts the first of them).
    for (int pass = 0; pass < 4; pass++) {
      long resolved = resolveAll();
      open += resolved;
      for (int round = 0; round < 2; round++) {
        for (int e = 0; e < EDGES; e++) {
          sync(e);
        }
      }
      if (resolved == 0) {
        break;
      }
    }
    assertConverged();
    return new Result(seed, writes, syncs, modelHub.conflictsFlagged, open,
        (System.nanoTime() - started) / 1_000_000, syncNanos / 1_000_000);
  }

  private String at(String what) {
    return "seed=" + seed + " step=" + step + ": " + what;
  }

  private void write(int e, String id) {
    TestEdge edge = edges.get(e);
    ModelEdge model = models.get(e);
    Workload.Write w = workload.next(id, model.value(id));
    if (w.value() == null) {
      boolean expected = model.delete(id);
      assertEquals(expected, Await.of(edge.store.delete(COLLECTION, id)), at("delete " + id + " on " + edge.site));
    } else {
      Boolean created = model.put(id, w.value());
      boolean expected = created != null && created;
      assertEquals(expected, Await.of(edge.store.put(COLLECTION, id, w.value())),
          at("put " + id + " on " + edge.site + " (answers 'created')"));
    }
  }

  private void sync(int e) {
    step++;
    syncs++;
    TestEdge edge = edges.get(e);
    long t0 = System.nanoTime();
    JsonObject run = edge.sync();
    syncNanos += System.nanoTime() - t0;
    int expected = models.get(e).sync();
    assertTrue(run.getString("status").equals("COMPLETE") || run.getString("status").equals("PARTIAL"),
        at("sync of " + edge.site + " ended " + run.encode()));
    long flagged = count(run, "push", "conflicts");
    conflictsSeen += flagged;
    assertSame(modelHub.openConflicts(), hubConflicts(), "open conflicts on the hub after a sync of " + edge.site);
    assertEquals(expected, flagged, at("conflicts flagged by the hub on the push of " + edge.site
        + " (model " + expected + ", hub " + flagged + ")"));
    assertEquals(0, count(run, null, "failed"), at("failed items in " + run.encode()));
    JsonArray notes = run.getJsonArray("notes", new JsonArray());
    assertTrue(notes.stream().noneMatch(n -> String.valueOf(n).contains("divergence")),
        at("the divergence check had to repair: " + notes.encode()));
    assertEquals(modelHub.head, (long) Await.of(hub.store.head()), at("hub head"));
    checkEdge(e);
  }

  /** Lists of "id ..." lines compare equal, or the message names the differing ids with their traces. */
  private void assertSame(List<String> expected, List<String> actual, String what) {
    if (expected.equals(actual)) {
      return;
    }
    java.util.Set<String> ids = new java.util.TreeSet<>();
    expected.stream().filter(l -> !actual.contains(l)).forEach(l -> ids.add(l.split(" ")[0]));
    actual.stream().filter(l -> !expected.contains(l)).forEach(l -> ids.add(l.split(" ")[0]));
    StringBuilder why = new StringBuilder(at(what)).append("\nmodel: ").append(expected).append("\nreal:  ")
        .append(actual);
    ids.forEach(id -> why.append("\n").append(modelHub.trace(id)));
    throw new AssertionError(why.toString());
  }

  private static long count(JsonObject run, String operation, String kind) {
    long total = 0;
    for (Object o : run.getJsonArray("counts")) {
      JsonObject c = (JsonObject) o;
      if (operation == null || operation.equals(c.getString("operation"))) {
        total += c.getLong(kind, 0L);
      }
    }
    return total;
  }

  private List<String> hubConflicts() {
    List<String> out = new ArrayList<>();
    for (ConflictEntry c : Await.of(hub.store.conflicts())) {
      out.add(c.id() + " " + c.site() + " " + c.fields());
    }
    out.sort(null);
    return out;
  }

  /** The edge's live records, states and conflicts equal the model's. */
  private void checkEdge(int e) {
    TestEdge edge = edges.get(e);
    ModelEdge model = models.get(e);
    assertEquals(0, edge.store.pending("central"), at("pending changes on " + edge.site + " after its sync"));
    Map<String, LocalRecord> live = liveRecords(edge.store);
    for (int i = 0; i < Workload.RECORDS; i++) {
      String id = Workload.id(i);
      JsonObject expected = model.value(id);
      LocalRecord actual = live.get(id);
      java.util.function.Supplier<String> where = () -> at(id + " on " + edge.site) + "\n" + modelHub.trace(id);
      if (expected == null) {
        assertNull(actual, () -> where.get() + "\nshould be absent or deleted");
        continue;
      }
      assertNotNull(actual, () -> where.get() + "\nmissing, expected " + expected.encode());
      assertEquals(expected, actual.data(), where);
      String state = model.conflict(id) != null ? "conflict" : "synced";
      assertEquals(state, actual.state().json(), () -> where.get() + "\nsync.state");
    }
    Map<String, JsonObject> expectedConflicts = new TreeMap<>();
    model.records.forEach((id, r) -> {
      if (r.conflict != null) {
        ModelHub.View v = r.conflict.hub;
        expectedConflicts.put(id, conflictForm(r.conflict.fields, v.version(), v.deleted(), v.data()));
      }
    });
    List<String> hubFlags = new ArrayList<>();
    for (ConflictEntry c : Await.of(hub.store.conflicts())) {
      if (c.site().equals(edge.site)) {
        hubFlags.add(c.id());
      }
    }
    Map<String, JsonObject> actualConflicts = new TreeMap<>();
    for (JsonObject c : Await.of(edge.conflicts.list())) {
      JsonObject h = c.getJsonObject("hub");
      actualConflicts.put(c.getString("id"), conflictForm(c.getJsonArray("fields").getList(), h.getLong("version"),
          h.getBoolean("deleted", false), h.getJsonObject("data")));
    }
    assertEquals(expectedConflicts, actualConflicts, at("conflicts shown on " + edge.site
        + " (fields, and the hub's version and value)"));
    hubFlags.sort(null);
    assertSame(hubFlags, new ArrayList<>(actualConflicts.keySet()),
        "records flagged on " + edge.site + " versus the hub's open conflicts of that site");
  }

  /** What an edge shows of a conflict, in a form that compares whatever the key order. */
  private static JsonObject conflictForm(List<?> fields, long version, boolean deleted, JsonObject data) {
    return new JsonObject().put("fields", new JsonArray(new ArrayList<>(fields))).put("version", version)
        .put("deleted", deleted).put("data", deleted ? null : data);
  }

  private static Map<String, LocalRecord> liveRecords(EdgeStore store) {
    Map<String, LocalRecord> out = new HashMap<>();
    String after = null;
    while (true) {
      EdgeStore.Page page = Await.of(store.list(COLLECTION, after, 1000));
      page.items().forEach(r -> out.put(r.id(), r));
      if (page.next() == null) {
        return out;
      }
      after = page.next();
    }
  }

  /**
   * Resolves every open conflict on every edge by a fixed policy: by id, keep the hub's value, keep the
   * local one, or a merge of both (local fields over the hub's, plus a marker).
   */
  private long resolveAll() {
    long resolved = 0;
    for (int e = 0; e < EDGES; e++) {
      for (JsonObject c : Await.of(edges.get(e).conflicts.list())) {
        resolve(e, c.getString("id"));
        resolved++;
      }
    }
    return resolved;
  }

  /** A person on a random edge resolves one of its conflicts while others keep writing. */
  private void resolveOne(int e) {
    List<JsonObject> open = Await.of(edges.get(e).conflicts.list());
    if (!open.isEmpty()) {
      resolve(e, open.get(workload.nextInt(open.size())).getString("id"));
    }
  }

  private void resolve(int e, String id) {
    TestEdge edge = edges.get(e);
    ModelEdge model = models.get(e);
    ModelEdge.Conflict mc = model.conflict(id);
    assertNotNull(mc, at("the model has no conflict " + id + " on " + edge.site));
    String keep = switch (Integer.parseInt(id.substring(1)) % 3) {
      case 0 -> "hub";
      case 1 -> "local";
      default -> "merged";
    };
    JsonObject merged = null;
    if (keep.equals("merged")) {
      merged = mc.hub.deleted() ? new JsonObject() : mc.hub.data().copy();
      JsonObject local = model.value(id);
      if (local != null) {
        merged.mergeIn(local);
      }
      merged.put("m", e);
    }
    Await.of(edge.conflicts.resolve(COLLECTION, id, keep, merged));
    model.resolve(id, keep, merged);
  }

  /** Every copy of every record is identical on the hub, on all edges and in the model. */
  private void assertConverged() {
    assertEquals(List.of(), hubConflicts(), at("open conflicts on the hub at the end"));
    for (TestEdge edge : edges) {
      assertEquals(List.of(), Await.of(edge.conflicts.list()), at("open conflicts on " + edge.site));
      assertEquals(0, edge.store.pending("central"), at("pending changes on " + edge.site));
    }
    List<Map<String, LocalRecord>> copies = edges.stream().map(e -> liveRecords(e.store)).toList();
    for (int i = 0; i < Workload.RECORDS; i++) {
      String id = Workload.id(i);
      Optional<StoredRecord> onHub = Await.of(hub.store.get(new RecordKey(COLLECTION, id)));
      ModelHub.Rec model = modelHub.records.get(id);
      assertEquals(model != null, onHub.isPresent(), at(id + " exists on the hub"));
      if (model == null) {
        copies.forEach(c -> assertNull(c.get(id), at(id + " exists on an edge but not on the hub")));
        continue;
      }
      StoredRecord h = onHub.get();
      assertEquals(model.deleted, h.deleted(), at(id + " deleted on the hub"));
      assertEquals(model.version, h.version(), at(id + " version on the hub"));
      assertEquals(model.deleted ? new JsonObject() : model.data, h.data(), at(id + " value on the hub"));
      for (int e = 0; e < EDGES; e++) {
        LocalRecord local = copies.get(e).get(id);
        String where = at(id + " on edge-" + e);
        if (h.deleted()) {
          assertNull(local, where + ": deleted on the hub but present");
        } else {
          assertNotNull(local, where + ": missing");
          assertEquals(h.data(), local.data(), where + ": value");
          assertEquals("synced", local.state().json(), where + ": state");
          assertEquals(h.version(), local.hubVersion(), where + ": version");
        }
      }
    }
  }

  /** The conflicts the hub filed in its own run log for every site; waits for the log with a deadline. */
  long hubRunConflicts(long expected) {
    long[] total = new long[1];
    Await.upTo(() -> {
      total[0] = 0;
      for (TestEdge edge : edges) {
        for (HubRun r : Await.of(hub.store.runs(edge.site, 10_000))) {
          total[0] += r.conflicts();
        }
      }
      return total[0] == expected;
    }, Duration.ofSeconds(5), Duration.ofMillis(20));
    return total[0];
  }

  long conflictsSeen() {
    return conflictsSeen;
  }

  @Override
  public void close() {
    edges.forEach(TestEdge::close);
    hub.close();
  }
}
