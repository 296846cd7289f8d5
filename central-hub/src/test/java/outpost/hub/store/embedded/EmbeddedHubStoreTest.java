package outpost.hub.store.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;
import outpost.common.merge.ChangeOp;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.hub.config.CollectionRule.Scope;
import outpost.hub.config.CollectionRule.Writers;
import outpost.common.sync.ChangeOutcome;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.HubRun;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.PullPage;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.StoredRecord;

/** Behaviour specific to the MVStore file: durability across reopen, group commit, the file lock. */
class EmbeddedHubStoreTest {
  static final Catalog CATALOG = new Catalog(List.of(
      new CollectionRule("patients", Scope.SITE, Writers.OWNER),
      new CollectionRule("items", Scope.SHARED, Writers.HUB),
      new CollectionRule("notes", Scope.SHARED, Writers.ANY)));

  @TempDir
  Path dir;
  Vertx vertx;
  final List<EmbeddedHubStore> opened = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    for (EmbeddedHubStore store : opened) {
      await(store.close());
    }
    await(vertx.close());
  }

  @Test
  void applyThenPullServesTheSiteScopeInPagesWithDigests() throws Exception {
    EmbeddedHubStore store = open();
    await(store.addSite(SiteRecord.create("clinic-a", "h", 1)));
    await(store.addSite(SiteRecord.create("clinic-b", "h", 1)));
    assertEquals(ChangeOutcome.Status.APPLIED, await(store.applyBatch("", "", List.of(put(0, "items", "i1", 1))))
        .get(0).status());
    List<ChangeOutcome> a = await(store.applyBatch("clinic-a", "s1",
        List.of(put(1, "patients", "p1", 1), put(2, "notes", "n1", 1))));
    assertEquals(List.of(2L, 3L), a.stream().map(ChangeOutcome::version).toList());
    await(store.applyBatch("clinic-b", "s2", List.of(put(1, "patients", "p2", 1))));
    assertEquals(4L, await(store.head()));

    PullPage first = await(store.pull("clinic-a", Set.of(), 0, 2));
    assertEquals(List.of("i1", "p1"), ids(first));
    assertEquals(2L, first.cursorAfter());
    assertEquals(1L, first.remaining());
    assertFalse(first.last());
    PullPage second = await(store.pull("clinic-a", Set.of(), first.cursorAfter(), 2));
    assertEquals(List.of("n1"), ids(second));
    assertTrue(second.last());
    assertEquals(4L, second.cursorAfter(), "the last page moves the cursor past out-of-scope version 4");
    assertEquals(ScopeDigest.EMPTY.plus("patients", "p1", 2), second.digests().get("patients"));
    assertEquals(ScopeDigest.EMPTY.plus("items", "i1", 1), second.digests().get("items"));
    assertEquals(ScopeDigest.EMPTY.plus("notes", "n1", 3), second.digests().get("notes"));
    assertEquals(3L, await(store.lag("clinic-a", 0)));
    assertEquals(3L, await(store.lag("clinic-b", 0)), "items i1, notes n1 and its own p2");

    PullPage onlyPatients = await(store.pull("clinic-b", Set.of("patients"), 0, 10));
    assertEquals(List.of("p2"), ids(onlyPatients));
    assertEquals(Set.of("patients"), onlyPatients.digests().keySet());

    await(store.applyBatch("clinic-a", "s3", List.of(delete(3, "patients", "p1", 2))));
    PullPage afterDelete = await(store.pull("clinic-a", Set.of("patients"), 4, 10));
    assertTrue(afterDelete.records().get(0).deleted());
    assertEquals(ScopeDigest.EMPTY, afterDelete.digests().get("patients"));
    assertEquals(List.of("p1"), ids(await(store.pull("clinic-a", Set.of("patients"), 0, 10))),
        "the tombstone stays for sites that have not pulled it");
  }

  @Test
  void reopenAfterCloseKeepsRecordsHeadSitesConflictsAndDigests() throws Exception {
    EmbeddedHubStore store = open();
    await(store.addSite(SiteRecord.create("clinic-a", "hash-a", 1)));
    await(store.addSite(SiteRecord.create("clinic-b", "hash-b", 1)));
    await(store.applyBatch("clinic-a", "s1", List.of(put(1, "notes", "n1", 1), put(2, "patients", "p1", 1))));
    await(store.applyBatch("clinic-a", "s2", List.of(change(3, "notes", "n1", 1, 2))));
    List<ChangeOutcome> b = await(store.applyBatch("clinic-b", "s3", List.of(change(1, "notes", "n1", 1, 3))));
    assertEquals(ChangeOutcome.Status.CONFLICT, b.get(0).status());
    PullPage before = await(store.pull("clinic-a", Set.of(), 0, 100));
    await(store.close());

    EmbeddedHubStore again = open();
    assertEquals(3L, await(again.head()));
    assertEquals(3L, await(again.site("clinic-a")).orElseThrow().lastSeq());
    assertEquals("hash-b", await(again.site("clinic-b")).orElseThrow().tokenHash());
    StoredRecord n1 = await(again.get(new RecordKey("notes", "n1"))).orElseThrow();
    assertEquals(2, n1.data().getInteger("n"));
    assertTrue(n1.inConflict());
    List<ConflictEntry> conflicts = await(again.conflicts());
    assertEquals(1, conflicts.size());
    assertEquals("clinic-b", conflicts.get(0).site());
    PullPage after = await(again.pull("clinic-a", Set.of(), 0, 100));
    assertEquals(before.digests(), after.digests());
    assertEquals(ids(before), ids(after));

    StoredRecord resolved = await(again.resolve(new RecordKey("notes", "n1"), "local", null, null, "admin"));
    assertEquals(4L, resolved.version());
    assertEquals(3, resolved.data().getInteger("n"));
    assertEquals("admin", await(again.audit(new RecordKey("notes", "n1"))).get(0).actor());
    assertTrue(await(again.conflicts()).isEmpty());
  }

  @Test
  void concurrentBatchesFromManyThreadsGetDistinctGapFreeVersions() throws Exception {
    EmbeddedHubStore store = open();
    int threads = 6;
    int batches = 40;
    int perBatch = 5;
    for (int t = 0; t < threads; t++) {
      await(store.addSite(SiteRecord.create("site-" + t, "h", 1)));
    }
    List<Future<List<ChangeOutcome>>> futures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String site = "site-" + t;
      Thread writer = new Thread(() -> {
        long seq = 0;
        for (int b = 0; b < batches; b++) {
          List<IncomingChange> changes = new ArrayList<>();
          for (int i = 0; i < perBatch; i++) {
            changes.add(put(++seq, "notes", site + "-" + seq, 1));
          }
          futures.add(store.applyBatch(site, "sync", changes));
        }
      });
      writer.start();
      writers.add(writer);
    }
    for (Thread w : writers) {
      w.join(30_000);
    }
    TreeSet<Long> versions = new TreeSet<>();
    for (Future<List<ChangeOutcome>> f : futures) {
      for (ChangeOutcome o : await(f)) {
        assertEquals(ChangeOutcome.Status.APPLIED, o.status());
        assertTrue(versions.add(o.version()), "version " + o.version() + " assigned twice");
      }
    }
    long total = (long) threads * batches * perBatch;
    assertEquals(total, versions.size());
    assertEquals(1L, versions.first());
    assertEquals(total, versions.last(), "versions are gap-free");
    assertEquals(total, await(store.head()));
    PullPage all = await(store.pull("site-0", Set.of("notes"), 0, (int) total + 1));
    assertEquals(total, all.records().size());
    assertTrue(all.last());
    assertEquals(total, all.digests().get("notes").count());
    for (int t = 0; t < threads; t++) {
      assertEquals(batches * perBatch, await(store.site("site-" + t)).orElseThrow().lastSeq());
    }
  }

  @Test
  void concurrentBatchesQueuedTogetherShareOneCommit() throws Exception {
    EmbeddedHubStore store = open();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(1);
    // Hold the worker so that every batch below is queued before any runs. Queue them only once the
    // hold runs: a batch queued while the worker drains its first group would join that group.
    Future<Boolean> held = EmbeddedStoreProbe.onWorker(store, () -> {
      holding.countDown();
      return release.await(20, TimeUnit.SECONDS);
    });
    assertTrue(holding.await(20, TimeUnit.SECONDS));
    long commitsBefore = EmbeddedStoreProbe.commits(store);
    List<Future<List<ChangeOutcome>>> futures = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      futures.add(store.applyBatch("", "", List.of(put(0, "notes", "n" + i, i))));
    }
    release.countDown();
    assertTrue(await(held));
    TreeSet<Long> versions = new TreeSet<>();
    for (Future<List<ChangeOutcome>> f : futures) {
      versions.add(await(f).get(0).version());
    }
    assertEquals(50, versions.size());
    assertEquals(50L, versions.last());
    assertEquals(1, EmbeddedStoreProbe.commits(store) - commitsBefore, "50 queued batches, one commit and one fsync");
  }

  @Test
  void runsAreListedNewestFirstAndAResavedRunReplacesItself() throws Exception {
    EmbeddedHubStore store = open();
    await(store.saveRun(new HubRun("r1", "clinic-a", 100, 0, "RUNNING", 0, 0, 0, 0, 0, 0, "")));
    await(store.saveRun(new HubRun("r2", "clinic-b", 200, 250, "COMPLETE", 1, 1, 0, 0, 0, 0, "")));
    await(store.saveRun(new HubRun("r1", "clinic-a", 100, 150, "COMPLETE", 2, 2, 0, 0, 0, 3, "")));
    assertEquals(List.of("r2", "r1"), await(store.runs(null, 10)).stream().map(HubRun::syncId).toList());
    List<HubRun> a = await(store.runs("clinic-a", 10));
    assertEquals(1, a.size());
    assertEquals("COMPLETE", a.get(0).status());
    assertEquals(1, await(store.runs(null, 1)).size());
  }

  @Test
  void aDataDirHeldByAnotherProcessIsRefusedClearly() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        LockHolder.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
      assertEquals("locked", out.readLine(), "the child process opened the store");
      EmbeddedHubStore second = new EmbeddedHubStore(vertx, dir, CATALOG, false);
      Throwable failure = assertThrows(Throwable.class, () -> await(second.open()));
      assertTrue(failure.getMessage().contains("hub data dir " + dir + " is in use by another process"),
          failure.getMessage());
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(20, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
    EmbeddedHubStore after = open();
    assertTrue(await(after.ready()), "the dir opens once the other process let go");
  }

  @Test
  void secondOpenOfTheSameDataDirFailsClearly() throws Exception {
    open();
    EmbeddedHubStore second = new EmbeddedHubStore(vertx, dir, CATALOG, false);
    Throwable failure = assertThrows(Throwable.class, () -> await(second.open()));
    assertTrue(failure.getMessage().contains("hub data dir " + dir + " is in use by another process"),
        failure.getMessage());
    assertFalse(await(second.ready()));
  }

  /**
   * A file from before digests were kept: the numbers its sites used cannot be compared, so they stay DUPLICATE
   * whatever is re-sent under them; every number after is compared.
   */
  @Test
  void aFileWrittenBeforeDigestsWereKeptComparesOnlyTheNumbersAfterIt() throws Exception {
    EmbeddedHubStore store = open();
    await(store.addSite(SiteRecord.create("clinic-a", "h", 1)));
    await(store.applyBatch("clinic-a", "s1", List.of(put(1, "notes", "n1", 1), put(2, "notes", "n2", 2))));
    await(store.close());
    opened.remove(store);
    org.h2.mvstore.MVStore raw = new org.h2.mvstore.MVStore.Builder()
        .fileName(dir.resolve("hub.mv.db").toString()).open();
    raw.removeMap("origins");
    raw.removeMap("originsSince");
    raw.commit();
    raw.close();

    EmbeddedHubStore upgraded = open();
    List<ChangeOutcome> out = await(upgraded.applyBatch("clinic-a", "s2", List.of(put(2, "notes", "n2", 99),
        put(3, "notes", "n3", 3))));
    assertEquals(List.of(ChangeOutcome.Status.DUPLICATE, ChangeOutcome.Status.APPLIED),
        out.stream().map(ChangeOutcome::status).toList());
    ChangeOutcome reused = await(upgraded.applyBatch("clinic-a", "s3", List.of(put(3, "notes", "n3", 99)))).get(0);
    assertEquals(ChangeOutcome.Status.REJECTED, reused.status());
    assertEquals("ORIGIN_REUSED", reused.code());
  }

  // ---- helpers

  EmbeddedHubStore open() throws Exception {
    EmbeddedHubStore store = new EmbeddedHubStore(vertx, dir, CATALOG, true);
    await(store.open());
    opened.add(store);
    return store;
  }

  static IncomingChange put(long seq, String collection, String id, int n) {
    return new IncomingChange(seq, collection, id, ChangeOp.PUT, new JsonObject().put("n", n), Set.of("n"), 0, "",
        "");
  }

  static IncomingChange change(long seq, String collection, String id, long base, int n) {
    return new IncomingChange(seq, collection, id, ChangeOp.PUT, new JsonObject().put("n", n), Set.of("n"), base,
        "", "");
  }

  static IncomingChange delete(long seq, String collection, String id, long base) {
    return new IncomingChange(seq, collection, id, ChangeOp.DELETE, null, Set.of(), base, "", "");
  }

  static List<String> ids(PullPage page) {
    return page.records().stream().map(StoredRecord::id).toList();
  }

  static <T> T await(Future<T> future) throws TimeoutException {
    return future.await(20, TimeUnit.SECONDS);
  }
}
