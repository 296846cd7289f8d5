package outpost.hub.store;

import static outpost.hub.store.Await.result;
import static outpost.hub.store.Changes.obj;
import static outpost.hub.store.Changes.put;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import outpost.common.RecordKey;
import outpost.common.sync.ChangeOutcome;

/**
 * The late-commit case: writer threads (one site each) push batches of new records into one or more
 * stores while a reader pulls from its cursor over and over. The reader must never meet a version at
 * or below its cursor (a commit that landed "behind" it) and must see every record exactly once.
 */
public final class LateCommitCheck {
  private static final long DEADLINE_MILLIS = 60_000;

  /** What the reader saw: the head before the writes, records written, and each record's version. */
  public record Result(long baseHead, int written, Map<RecordKey, Long> seen, int pullsWhileWriting,
      long writeMillis) {}

  private final List<HubStore> writers;
  private final HubStore reader;
  private final int sites;
  private final int batches;
  private final int perBatch;

  public LateCommitCheck(HubStore store, int sites, int batches, int perBatch) {
    this(List.of(store), store, sites, batches, perBatch);
  }

  /** Site i writes through {@code writers.get(i % writers.size())}; the reader pulls through {@code reader}. */
  public LateCommitCheck(List<HubStore> writers, HubStore reader, int sites, int batches, int perBatch) {
    this.writers = writers;
    this.reader = reader;
    this.sites = sites;
    this.batches = batches;
    this.perBatch = perBatch;
  }

  public Result run() throws Exception {
    for (int s = 0; s < sites; s++) {
      result(reader.addSite(SiteRecord.create("writer-" + s, "hash", System.currentTimeMillis())));
    }
    long base = result(reader.head());
    ExecutorService threads = Executors.newFixedThreadPool(sites);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    long began = System.nanoTime();
    try {
      for (int s = 0; s < sites; s++) {
        int site = s;
        done.add(threads.submit(() -> {
          start.await();
          write(site);
          return null;
        }));
      }
      start.countDown();
      Map<RecordKey, Long> seen = new HashMap<>();
      int pulls = 0;
      long cursor = base;
      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      long writeMillis = -1;
      while (true) {
        boolean writersDone = done.stream().allMatch(Future::isDone);
        if (writersDone && writeMillis < 0) {
          writeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        }
        PullPage page = result(reader.pull("site-a", Set.of("notes"), cursor, 50));
        for (StoredRecord r : page.records()) {
          if (r.version() <= cursor) {
            throw new AssertionError("version " + r.version() + " of " + r.key() + " at or below cursor " + cursor);
          }
          if (seen.put(r.key(), r.version()) != null) {
            throw new AssertionError(r.key() + " received twice");
          }
          cursor = r.version();
        }
        if (page.cursorAfter() < cursor) {
          throw new AssertionError("cursor moved back from " + cursor + " to " + page.cursorAfter());
        }
        cursor = page.cursorAfter();
        if (!writersDone) {
          pulls++;
        } else if (page.last()) {
          break; // this snapshot began after every writer finished: it holds everything
        }
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("writers and reader did not finish within " + DEADLINE_MILLIS + " ms");
        }
      }
      for (Future<?> f : done) {
        f.get();
      }
      return new Result(base, sites * batches * perBatch, seen, pulls, writeMillis);
    } finally {
      threads.shutdownNow();
    }
  }

  private void write(int site) {
    HubStore store = writers.get(site % writers.size());
    String siteId = "writer-" + site;
    for (int b = 0; b < batches; b++) {
      List<IncomingChange> batch = new ArrayList<>(perBatch);
      for (int k = 0; k < perBatch; k++) {
        long seq = (long) b * perBatch + k + 1;
        batch.add(put(seq, "notes", siteId + "-" + seq, 0, obj("site", siteId, "seq", seq)));
      }
      List<ChangeOutcome> out = result(store.applyBatch(siteId, "run-" + b, batch));
      for (ChangeOutcome o : out) {
        if (o.status() != ChangeOutcome.Status.APPLIED) {
          throw new AssertionError(siteId + " got " + o);
        }
      }
    }
  }
}
