package outpost.hub.store.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static outpost.hub.store.Await.result;
import static outpost.hub.store.Changes.obj;
import static outpost.hub.store.Changes.put;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import outpost.common.RecordKey;
import outpost.hub.ingest.RunRecorderAccess;
import outpost.common.sync.ChangeOutcome;
import outpost.common.sync.ChangeOutcome.Status;
import outpost.hub.store.Changes;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.PullPage;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.StoredRecord;

/**
 * Two hub replicas (two stores, two pools) on one database, ten sites split across them writing at
 * random at the same time, and a reader pulling through both in turn: every change is numbered
 * once, versions are unique and gap-free, the reader never meets a version at or below its cursor,
 * and both replicas end with the same state.
 */
class PgReplicasTest {
  private static final int SITES = 10;
  private static final int BATCHES = 12;
  private static final int PER_BATCH = 40;
  private static final int HOT = 5;

  private Vertx vertx;
  private PgTestSchema schema;
  private List<HubStore> replicas;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    schema = new PgTestSchema(vertx);
    replicas = List.of(new PgHubStore(vertx, schema.url(), Changes.CATALOG),
        new PgHubStore(vertx, schema.url(), Changes.CATALOG));
    result(io.vertx.core.Future.all(replicas.stream().map(HubStore::open).toList()));
  }

  @AfterEach
  void stop() {
    try {
      replicas.forEach(r -> result(r.close()));
      schema.close();
    } finally {
      result(vertx.close());
    }
  }

  @Test
  void sitesWritingThroughTwoReplicasGetUniqueGapFreeVersionsAndEveryChangeArrivesOnce() throws Exception {
    long seed = System.nanoTime();
    System.out.println("PgReplicasTest seed " + seed);
    for (int h = 0; h < HOT; h++) {
      result(replicas.get(h % 2).applyBatch("", "", List.of(put(0, "notes", "hot-" + h, 0, obj("title", "h" + h)))));
    }
    for (int s = 0; s < SITES; s++) {
      result(replicas.get(s % 2).addSite(SiteRecord.create("site-" + s, "hash", 0)));
    }
    long base = result(replicas.get(0).head());

    Map<Long, String> numbered = new ConcurrentHashMap<>();
    Map<RecordKey, JsonObject> expected = new ConcurrentHashMap<>();
    ExecutorService threads = Executors.newFixedThreadPool(SITES);
    List<Future<Integer>> writers = new ArrayList<>();
    long began = System.nanoTime();
    for (int s = 0; s < SITES; s++) {
      int site = s;
      Random random = new Random(seed + s);
      writers.add(threads.submit(() -> write(replicas.get(site % 2), "site-" + site, random, numbered, expected)));
    }
    Map<RecordKey, StoredRecord> seen = readWhileWriting(writers);
    int changes = 0;
    for (var w : writers) {
      changes += w.get();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    threads.shutdown();
    System.out.printf("PgReplicasTest: %d changes from %d sites through 2 replicas in %d ms (%.0f changes/s)%n",
        changes, SITES, millis, changes * 1000.0 / Math.max(1, millis));

    long head = result(replicas.get(1).head());
    assertEquals(changes, numbered.size(), "each applied change has its own version");
    assertEquals(head - base, numbered.size(), "no version was skipped");
    assertEquals(base + 1, new TreeSet<>(numbered.keySet()).first());
    assertEquals(head, new TreeSet<>(numbered.keySet()).last());

    // Both replicas serve the same final state, and it is what the reader assembled page by page.
    Map<RecordKey, StoredRecord> viaFirst = pullEverything(replicas.get(0));
    Map<RecordKey, StoredRecord> viaSecond = pullEverything(replicas.get(1));
    assertEquals(viaFirst, viaSecond);
    assertEquals(viaFirst, seen);
    assertEquals(SITES * BATCHES * PER_BATCH / 2 + HOT, viaFirst.size());
    // JsonObject equality, so that 421 written as a long equals 421 read back as an int.
    expected.forEach((key, fields) -> fields.forEach(f -> assertEquals(obj(f.getKey(), f.getValue()),
        obj(f.getKey(), viaFirst.get(key).data().getValue(f.getKey())), () -> key + " field " + f.getKey())));
  }

  /**
   * Push throughput, printed for docs/performance.md (no timing assert: the machine is shared):
   * sites push batches of 500 new records of about 512 bytes at once, split across the replicas.
   */
  @Test
  void manySitesPushingLargeBatchesAllApplyOnce() throws Exception {
    int sites = Integer.getInteger("outpost.perf.sites", 20);
    int batches = Integer.getInteger("outpost.perf.batches", 4);
    int perBatch = 500;
    for (int s = 0; s < sites; s++) {
      result(replicas.get(0).addSite(SiteRecord.create("edge-" + s, "hash", 0)));
    }
    String pad = "p".repeat(400);
    ExecutorService threads = Executors.newFixedThreadPool(sites);
    List<Future<Integer>> pushes = new ArrayList<>();
    long began = System.nanoTime();
    for (int s = 0; s < sites; s++) {
      String site = "edge-" + s;
      HubStore replica = replicas.get(s % 2);
      pushes.add(threads.submit(() -> {
        int applied = 0;
        for (int b = 0; b < batches; b++) {
          List<IncomingChange> batch = new ArrayList<>(perBatch);
          for (int k = 1; k <= perBatch; k++) {
            long seq = (long) b * perBatch + k;
            batch.add(put(seq, "notes", site + "/" + seq, 0,
                obj("site", site, "seq", seq, "name", "record " + seq, "qty", k, "pad", pad)));
          }
          for (ChangeOutcome o : result(replica.applyBatch(site, "perf", batch))) {
            applied += o.status() == Status.APPLIED ? 1 : 0;
          }
        }
        return applied;
      }));
    }
    int applied = 0;
    for (Future<Integer> p : pushes) {
      applied += p.get();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    threads.shutdown();
    System.out.printf("PgReplicasTest push: %d records (~512 B) from %d sites in batches of %d through 2 replicas:"
        + " %d ms, %.0f records/s%n", applied, sites, perBatch, millis, applied * 1000.0 / Math.max(1, millis));
    assertEquals(sites * batches * perBatch, applied);
    assertEquals(applied, result(replicas.get(1).head()));

    long pullBegan = System.nanoTime();
    int pages = 0;
    long pulled = 0;
    long cursor = 0;
    PullPage page;
    do {
      page = result(replicas.get(pages++ % 2).pull("edge-0", Set.of(), cursor, perBatch));
      pulled += page.records().size();
      assertEquals(applied - pulled, page.remaining());
      cursor = page.cursorAfter();
    } while (!page.last());
    long pullMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pullBegan);
    System.out.printf("PgReplicasTest pull: %d records in %d pages of %d: %d ms, %.0f records/s%n", pulled, pages,
        perBatch, pullMillis, pulled * 1000.0 / Math.max(1, pullMillis));
    assertEquals(applied, pulled);
  }

  /** Half of each batch are new records, half are edits of the site's own field on hot shared records. */
  private int write(HubStore replica, String site, Random random, Map<Long, String> numbered,
      Map<RecordKey, JsonObject> expected) {
    int applied = 0;
    long seq = 0;
    for (int b = 0; b < BATCHES; b++) {
      List<IncomingChange> batch = new ArrayList<>();
      for (int k = 0; k < PER_BATCH / 2; k++) {
        seq++;
        JsonObject value = obj("site", site, "n", seq, "pad", "x".repeat(200));
        batch.add(put(seq, "notes", site + "-" + seq, 0, value));
        expected.put(new RecordKey("notes", site + "-" + seq), value);
        seq++;
        RecordKey hot = new RecordKey("notes", "hot-" + random.nextInt(HOT));
        // Based on version 0: other sites' edits are concurrent, but touch other fields, so they merge.
        batch.add(put(seq, "notes", hot.id(), 0, obj("f-" + site, seq), "f-" + site));
        expected.computeIfAbsent(hot, key -> new JsonObject()).put("f-" + site, seq);
      }
      List<ChangeOutcome> out = result(replica.applyBatch(site, "run-" + b, batch));
      for (ChangeOutcome o : out) {
        assertTrue(o.status() == Status.APPLIED || o.status() == Status.MERGED, () -> site + " got " + o);
        assertNull(numbered.put(o.version(), site + "#" + o.originSeq()), "version " + o.version() + " given twice");
        applied++;
      }
    }
    return applied;
  }

  /** Pulls through the replicas in turn until the writers are done and a last page was read after that. */
  private Map<RecordKey, StoredRecord> readWhileWriting(List<Future<Integer>> writers) {
    Map<RecordKey, StoredRecord> view = new HashMap<>();
    Set<Long> versions = new HashSet<>();
    long cursor = 0;
    int turn = 0;
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      boolean done = writers.stream().allMatch(Future::isDone);
      PullPage page = result(replicas.get(turn++ % 2).pull("site-0", Set.of(), cursor, 100));
      for (StoredRecord r : page.records()) {
        assertTrue(r.version() > cursor, () -> "version " + r.version() + " at or below the cursor");
        assertTrue(versions.add(r.version()), () -> "version " + r.version() + " received twice");
        view.put(r.key(), r);
        cursor = r.version();
      }
      cursor = Math.max(cursor, page.cursorAfter());
      if (done && page.last()) {
        return view;
      }
      assertTrue(System.currentTimeMillis() < deadline, "did not finish within 60 s");
    }
  }

  private static Map<RecordKey, StoredRecord> pullEverything(HubStore replica) {
    Map<RecordKey, StoredRecord> all = new HashMap<>();
    long cursor = 0;
    PullPage page;
    do {
      page = result(replica.pull("site-0", Set.of(), cursor, 500));
      page.records().forEach(r -> all.put(r.key(), r));
      cursor = page.cursorAfter();
    } while (!page.last());
    return all;
  }

  /**
   * A run's push and pull calls may end on different replicas at the same instant: parts of one run recorded
   * through both replicas' run recorders, from two threads each, add up to the exact sums.
   */
  @Test
  void partsOfOneRunRecordedConcurrentlyOnTwoReplicasAddUpExactly() throws Exception {
    int threadsPerReplica = 2;
    int partsPerThread = 60;
    ExecutorService threads = Executors.newFixedThreadPool(2 * threadsPerReplica);
    List<Future<List<io.vertx.core.Future<Void>>>> submitted = new ArrayList<>();
    try {
      for (int t = 0; t < 2 * threadsPerReplica; t++) {
        var recorder = RunRecorderAccess.recorder(replicas.get(t % 2));
        int thread = t;
        submitted.add(threads.submit(() -> {
          List<io.vertx.core.Future<Void>> saved = new ArrayList<>();
          for (int i = 0; i < partsPerThread; i++) {
            String status = thread == 1 && i == partsPerThread / 2 ? "PARTIAL" : "COMPLETE";
            saved.add(recorder.apply(new HubRun("sync-1", "site-0", 1_000 + thread * 100 + i, 5_000 + i, status,
                1, 2, 3, 4, 5, 6, "")));
          }
          return saved;
        }));
      }
      for (var s : submitted) {
        s.get(60, TimeUnit.SECONDS).forEach(f -> result(f));
      }
    } finally {
      threads.shutdownNow();
    }
    long parts = 2L * threadsPerReplica * partsPerThread;
    for (HubStore replica : replicas) {
      HubRun run = result(replica.runs("site-0", 10)).get(0);
      assertEquals(List.of(parts, 2 * parts, 3 * parts, 4 * parts, 5 * parts, 6 * parts),
          List.of(run.pushed(), run.applied(), run.conflicts(), run.rejected(), run.duplicates(), run.pulled()),
          "every part's counts are in the run");
      assertEquals("PARTIAL", run.status());
      assertEquals(1_000, run.startedAtMillis());
      assertEquals(5_000 + partsPerThread - 1, run.finishedAtMillis());
    }
  }
}
