package outpost.edge.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import outpost.common.OriginSeq;
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.mvstore.StoreFile;
import outpost.common.sync.ChangeOutcome;
import outpost.common.upkeep.CompactableStore;
import outpost.common.upkeep.FileFigures;
import outpost.common.worker.SerialWorker;
import outpost.edge.store.impl.Damage;
import outpost.edge.store.impl.EdgeMaps;
import outpost.edge.store.impl.JournaledCommits;
import outpost.edge.store.impl.LocalWrites;
import outpost.edge.store.impl.LogCodec;
import outpost.edge.store.impl.RecordCodec;
import outpost.edge.store.impl.RedoJournal;
import outpost.edge.store.impl.RedoOp;
import outpost.edge.store.impl.SyncApply;

/**
 * The edge node's store: one MVStore file, one writer thread. Local writes, push results and pulled
 * batches are each one commit (with an fsync under {@link Durability#FSYNC}); concurrent writers share
 * commits. Reads run on the writer thread too, so they see every write acknowledged before them.
 */
public final class EdgeStore implements AutoCloseable, CompactableStore {
  public static final String FILE_NAME = "edge.mv.db";
  /** Prefix of settings' keys in the meta map, apart from the store's own keys ("seq", "rules", "format"). */
  private static final String SETTING = "setting:";
  /**
   * A file an operator creates in the data directory to let one start go on past writes the store cannot bring
   * back (docs/operations.md, "When a node refuses to start because its store lost data"); removed once used.
   */
  public static final String ACCEPT_DATA_LOSS = "accept-data-loss";
  /**
   * MVStore's page cache. Small on purpose: records have random ids, so a cache a fraction of a large store's size
   * hits little more than a tiny one, while on a small heap its pages live just long enough to be copied and
   * promoted by every young collection. A small cache about halves the collector's share of the CPU and writes
   * no slower (docs/performance.md, "What was changed because of it", the page cache).
   */
  static final int CACHE_MIB = 2;
  /** MVStore's estimate of unsaved pages at which local writes are checkpointed (the benchmark's engine loop too). */
  public static final long CHECKPOINT_UNSAVED_BYTES = JournaledCommits.MAX_UNSAVED;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EdgeStore.class);

  private final MVStore mv;
  private final List<RedoJournal> journals;
  private final JournaledCommits commits;
  private final EdgeMaps maps;
  private final SerialWorker worker;
  private final LocalWrites writes;
  private final SyncApply sync;
  private final Clock clock;
  private final Function<String, String> hubFor;
  private volatile CollectionRules rules;
  private volatile Runnable writeListener = () -> { };

  private EdgeStore(Vertx vertx, MVStore mv, List<RedoJournal> journals, String site, Durability durability,
      Function<String, String> hubFor, Clock clock, boolean acceptLoss) {
    this.mv = mv;
    this.journals = journals;
    this.maps = new EdgeMaps(mv);
    this.clock = clock;
    this.hubFor = hubFor;
    this.writes = new LocalWrites(maps, site, hubFor);
    this.sync = new SyncApply(maps);
    String stored = maps.meta.get("rules");
    this.rules = stored == null ? CollectionRules.NONE : CollectionRules.fromJson(new JsonObject(stored));
    this.commits = new JournaledCommits(mv, maps, journals, durability == Durability.FSYNC, this::replay, acceptLoss);
    // No ChunkTrimmer here: with the edge's zero retention time, rewriting chunks after every few commits freed
    // space that the next commit reused at once, and a SIGKILL then lost an acknowledged write (KillDuringWritesTest;
    // docs/reliability.md). The scheduled upkeep compacts instead.
    int replayed = commits.recover();
    if (replayed > 0) {
      LOG.info("replayed {} journaled writes made after the last checkpoint", replayed);
    }
    this.worker = new SerialWorker("edge-store-writer", vertx, commits, 1024);
    maps.mayOpenLogs = worker::onWorker;
  }

  private void replay(RedoOp op) {
    local(() -> op.delete() ? writes.delete(op.collection(), op.items().get(0).id(), rules, op.now())
        : writes.putAll(op.collection(), op.items(), rules, op.now()), null, null);
  }

  /**
   * Runs a local write as one unit: its changes, then its journal record (when {@code head} is given). Should any
   * step fail, the changes made before it are put back, so the write either completes with its log entry or leaves
   * the store as it was. Should putting them back fail too, the whole group is rolled back to what is durable.
   */
  private <T> T local(java.util.concurrent.Callable<T> body, java.util.function.Function<T, byte[]> head,
      byte[] journaled) {
    commits.checkWritable();
    maps.beginUndo();
    try {
      T result = body.call();
      byte[] record = head == null ? null : head.apply(result);
      if (record != null) {
        maps.step();
        commits.journal(record, journaled);
      }
      maps.endUndo();
      return result;
    } catch (Throwable t) {
      try {
        maps.undo();
      } catch (RuntimeException | Error u) {
        t.addSuppressed(u);
        commits.abandon(t);
      }
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "local write failed: " + t, t);
    }
  }

  /** Runs the hook between the steps of local writes and before each commit: tests fail a step there. */
  void beforeEachStep(Runnable hook) {
    maps.beforeStep = hook;
    commits.beforeCommit = hook;
  }

  /**
   * Opens (or creates) the store in {@code dataDir}. {@code hubFor} routes a collection to the name of
   * the hub whose log receives its changes. Fails clearly when another process holds the file.
   */
  public static EdgeStore open(Vertx vertx, Path dataDir, String site, Durability durability,
      Function<String, String> hubFor, Clock clock) {
    try {
      Files.createDirectories(dataDir);
      MVStore mv = openFile(dataDir.resolve(FILE_NAME));
      List<RedoJournal> journals = new ArrayList<>();
      try {
        Path accept = dataDir.resolve(ACCEPT_DATA_LOSS);
        boolean acceptLoss = Files.exists(accept);
        for (String name : RedoJournal.FILE_NAMES) {
          if (acceptLoss && Files.exists(dataDir.resolve(name))) {
            // What could not be brought back stays on disk for support, whatever the start makes of it.
            Files.copy(dataDir.resolve(name), dataDir.resolve(name + ".lost-" + clock.millis()));
          }
          journals.add(RedoJournal.open(dataDir.resolve(name), durability == Durability.FSYNC));
        }
        EdgeStore store = new EdgeStore(vertx, mv, List.copyOf(journals), site, durability, hubFor, clock, acceptLoss);
        if (acceptLoss) {
          LOG.warn("started with {} present: writes that could not be brought back were dropped (journals kept as"
              + " *.lost-*); the file is removed so that the next start checks again", accept);
          Files.delete(accept);
        }
        return store;
      } catch (RuntimeException | java.io.IOException e) {
        journals.forEach(RedoJournal::close);
        mv.closeImmediately(); // e.g. a file of another layout, or a refused recovery: release it untouched
        if (e instanceof RuntimeException re) {
          throw re;
        }
        throw (java.io.IOException) e;
      }
    } catch (MVStoreException e) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "cannot open edge data in " + dataDir + ": "
          + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "cannot create data directory " + dataDir, e);
    }
  }

  /**
   * The MVStore file as the edge store opens it: no commits of MVStore's own, small pages and cache, freed space
   * reused at once; a file another process holds, or of another layout, is refused (StoreFile). Public so that the
   * local-writes benchmark can measure the engine alone with the same settings.
   */
  public static MVStore openFile(Path file) {
    // autoCommitBufferSize(0): MVStore must never store on its own once unsaved pages pile up (it did from
    // ~1 MiB, splitting a 5,000-record bulk over three versions: a crash could keep part of it). Groups are
    // bounded by groupFull instead. MVStore caps a page at 1/16 of a cache segment (pageSplitSize is ignored in
    // 2.3): segments of 64 KiB give 4 KiB pages, so a write into a large store rewrites a leaf of ~3 records
    // instead of ~12 (17.8 -> 10.3 KB written per write).
    MVStore mv = StoreFile.open(file, new MVStore.Builder().autoCommitDisabled()
        .autoCommitBufferSize(0).autoCompactFillRate(0).cacheSize(CACHE_MIB).cacheConcurrency(CACHE_MIB * 16),
        EdgeMaps.LAYOUT);
    // MVStore builds and writes a chunk on its own threads only when its background writer exists. That writer
    // would commit on its own schedule; with a delay of ~24 days and auto-compaction off it never does, and
    // pipelined checkpoints (JournaledCommits) get the serialization threads.
    mv.setAutoCommitDelay(Integer.MAX_VALUE);
    mv.setVersionsToKeep(0);
    // Reuse freed chunks at once: the 45 s default makes a busy file grow by every commit's pages.
    // Safe here because commits are written in order and fsync mode forces each group to disk.
    mv.setRetentionTime(0);
    return mv;
  }

  // ---- local records

  /** Writes a record and its log entry in one commit; answers true when it was created. */
  public Future<Boolean> put(String collection, String id, JsonObject data) {
    // Encoded here, on the caller's thread, for the record and the journal: the writer thread is the store's
    // bottleneck.
    LocalWrites.Item item = LocalWrites.Item.of(id, data);
    byte[] journaled = RedoOp.body(false, collection, List.of(item));
    return worker.write(() -> {
      long now = clock.millis();
      return local(() -> writes.put(collection, item, rules, now), created -> RedoOp.head(false, now), journaled);
    }).onSuccess(v -> wrote());
  }

  /** Registers the one listener told after each committed local write (the scheduler's change trigger). */
  public void onLocalWrite(Runnable listener) {
    writeListener = listener;
  }

  private void wrote() {
    writeListener.run();
  }

  /** Writes many records in one commit, all or nothing; a bad item is named in the error. */
  public Future<Integer> putAll(String collection, List<BulkItem> items) {
    if (items.size() > MAX_BULK_ITEMS) {
      return Future.failedFuture(new OutpostException(ErrorCode.PAYLOAD_TOO_LARGE, "a bulk write holds at most "
          + MAX_BULK_ITEMS + " records (it is one commit, which must fit a small device's memory); got "
          + items.size() + ": split it"));
    }
    List<LocalWrites.Item> list = items.stream().map(i -> LocalWrites.Item.of(i.id(), i.data())).toList();
    byte[] journaled = RedoOp.body(false, collection, list);
    return worker.write(() -> {
      long now = clock.millis();
      return local(() -> writes.putAll(collection, list, rules, now), n -> RedoOp.head(false, now), journaled);
    }).onSuccess(v -> wrote());
  }

  /** Deletes a record (logged); answers false when there was no live record. */
  public Future<Boolean> delete(String collection, String id) {
    byte[] journaled = RedoOp.body(true, collection, List.of(new LocalWrites.Item(id, null, null)));
    return worker.write(() -> {
      long now = clock.millis();
      return local(() -> writes.delete(collection, id, rules, now), deleted -> deleted ? RedoOp.head(true, now) : null,
          journaled);
    }).onSuccess(v -> wrote());
  }

  /**
   * The most records one bulk write may hold. A bulk is one commit, and MVStore builds a commit's chunk in
   * memory, about 4 KiB per record written into a large store: at -Xmx128m a 5,000-record bulk into a
   * 200,000-record store needed a 70 MB buffer and failed, while 1,000 (or a 1 MiB REST body) fit.
   */
  public static final int MAX_BULK_ITEMS = 10_000;

  /** One item of a bulk write. */
  public record BulkItem(String id, JsonObject data) {}

  /** The live record, or empty when absent or deleted. */
  public Future<Optional<LocalRecord>> get(String collection, String id) {
    return worker.read(() -> {
      Validation.collection(collection);
      Validation.id(id);
      LocalRecord r = maps.record(new RecordKey(collection, id));
      return r == null || r.deleted() ? Optional.empty() : Optional.of(r);
    });
  }

  /**
   * A page of live records by id. {@code unreadable}: records in the page's range that are damaged in the store and
   * were skipped (their GET answers STORE_DAMAGED).
   */
  public record Page(List<LocalRecord> items, String next, int unreadable) {}

  public Future<Page> list(String collection, String after, int limit) {
    return worker.read(() -> {
      Validation.collection(collection);
      String from = after == null ? RecordKey.collectionStart(collection) : new RecordKey(collection, after).encode();
      List<LocalRecord> items = new ArrayList<>();
      var cursor = maps.records.cursor(from);
      String next = null;
      int unreadable = 0;
      while (cursor.hasNext()) {
        String k = cursor.next();
        RecordKey key = RecordKey.decode(k);
        if (!key.collection().equals(collection)) {
          break;
        }
        if (after != null && key.id().equals(after)) {
          continue;
        }
        if (items.size() == limit) {
          next = items.get(items.size() - 1).id();
          break;
        }
        LocalRecord r;
        try {
          r = RecordCodec.decode(key, cursor.getValue());
        } catch (OutpostException e) {
          unreadable++; // one damaged record does not hide the others
          continue;
        }
        if (!r.deleted()) {
          items.add(r);
        }
      }
      return new Page(items, next, unreadable);
    });
  }

  // ---- rules, routing and pending work

  public CollectionRules rules() {
    return rules;
  }

  /** Stores what a hub said about its collections (merged with what other hubs said). */
  public Future<Void> learnRules(CollectionRules learnt) {
    return write(() -> {
      Map<String, CollectionRules.Rule> merged = new TreeMap<>(rules.rules());
      merged.putAll(learnt.rules());
      CollectionRules next = new CollectionRules(merged);
      maps.meta.put("rules", next.toJson().encode());
      rules = next;
      return null;
    });
  }

  public String hubFor(String collection) {
    return hubFor.apply(collection);
  }

  // ---- node settings changed through the API (kept apart from the records and their log)

  /** A setting stored through the API (e.g. the schedule, docs/scheduling.md), or null when none is. */
  public Future<String> setting(String name) {
    return worker.read(() -> maps.meta.get(SETTING + name));
  }

  /** Stores a setting in one commit; null removes it (the config file's value applies again). */
  public Future<Void> putSetting(String name, String value) {
    return write(() -> {
      if (value == null) {
        maps.meta.remove(SETTING + name);
      } else {
        maps.meta.put(SETTING + name, value);
      }
      return null;
    });
  }

  /**
   * Changes waiting to be pushed to the hub, from the counts kept with the logs ({@link
   * outpost.edge.store.impl.PendingCounts}): any thread may ask, an event loop too, as it touches neither the file
   * nor the writer.
   */
  public long pending(String hub) {
    return maps.pending.total(hub);
  }

  /**
   * A hub's changes waiting to be pushed, per collection (an entry whose collection cannot be read counts under
   * ""); from the kept counts, like {@link #pending(String)}.
   */
  public Map<String, Long> pendingByCollection(String hub) {
    return maps.pending.byCollection(hub);
  }

  /** The last origin sequence handed out: a push pushes no entry written after it started. */
  public Future<Long> lastSeq() {
    return worker.read(() -> Long.parseLong(maps.meta.getOrDefault("seq", "0")));
  }

  public Future<Long> pullCursor(String hub) {
    return worker.read(() -> maps.cursor("pull:" + hub));
  }

  /** The highest origin sequence whose push result from {@code hub} has been applied. */
  public Future<Long> pushCursor(String hub) {
    return worker.read(() -> maps.cursor("push:" + hub));
  }

  // ---- sync

  /** Up to {@code max} log entries of a hub with a sequence above {@code after}, in order. */
  public Future<List<LogEntry>> readLog(String hub, long after, int max) {
    return readLog(hub, after, max, null).map(LogPage::entries);
  }

  /**
   * Log entries read for a push. {@code setAside}: entries that could not be read, which the read moved to the
   * failed items (code STORE_DAMAGED) instead of returning, counted as failed per collection.
   */
  public record LogPage(List<LogEntry> entries, Tally setAside) {}

  /**
   * Up to {@code max} readable log entries of a hub with a sequence above {@code after}, in order. An entry that
   * cannot be read is set aside as a failed item of run {@code syncId} (a write) and read past, so one damaged
   * change never holds up the ones behind it.
   */
  public Future<LogPage> readLog(String hub, long after, int max, String syncId) {
    List<Long> damaged = new ArrayList<>();
    return worker.read(() -> {
      List<LogEntry> out = new ArrayList<>(Math.min(max, 1024));
      var cursor = maps.log(hub).cursor(after + 1);
      while (out.size() < max && cursor.hasNext()) {
        long seq = cursor.next();
        try {
          out.add(LogCodec.decode(seq, cursor.getValue()));
        } catch (OutpostException e) {
          damaged.add(seq);
        }
      }
      return out;
    }).compose(entries -> damaged.isEmpty() ? Future.succeededFuture(new LogPage(entries, new Tally()))
        : write(() -> new LogPage(entries, Damage.setAsideEntries(maps, hub, damaged, syncId, clock.millis()))));
  }

  /**
   * Makes sure no pending change carries an origin sequence the hub has already processed for this site.
   * That happens when a site starts over with an empty store, or from an older backup, under the same site
   * id: the hub would refuse the changes (ORIGIN_REUSED, or DUPLICATE for numbers it kept no digest of).
   * Renumbers those entries past {@code hubLastSeq} (keeping their order) and moves the sequence on; answers
   * how many were renumbered. A renumbering past {@link OriginSeq#MAX} (a hub that stored a number no site
   * may use) fails with INTEGRATION_ERROR and changes nothing: wrapping around would hide the changes for good.
   */
  public Future<Integer> adoptHubSequence(String hub, long hubLastSeq) {
    return write(() -> {
      long local = Long.parseLong(maps.meta.getOrDefault("seq", "0"));
      if (hubLastSeq <= local) {
        return 0;
      }
      var log = maps.log(hub);
      List<Long> stale = new ArrayList<>();
      var cursor = log.cursor(null);
      while (cursor.hasNext()) {
        long seq = cursor.next();
        if (seq > hubLastSeq) {
          break;
        }
        stale.add(seq);
      }
      if (hubLastSeq > OriginSeq.MAX - stale.size()) {
        throw new OutpostException(ErrorCode.INTEGRATION_ERROR, "hub '" + hub + "' says it processed this site's"
            + " changes up to origin sequence " + hubLastSeq + ", beyond the highest a site may use ("
            + OriginSeq.MAX + "): the " + stale.size() + " pending changes cannot be numbered above it and"
            + " stay pending (the hub's record of this site needs the operator: docs/operations.md)");
      }
      long last = Math.addExact(hubLastSeq, stale.size());
      maps.meta.put("seq", Long.toString(last));
      long seq = hubLastSeq;
      for (long old : stale) {
        seq = Math.addExact(seq, 1);
        LogEntry entry = LogCodec.decode(old, log.get(old));
        maps.logWrite(hub, old, seq, entry.collection(), LogCodec.encode(new LogEntry(seq, entry.collection(),
            entry.id(), entry.op(), entry.data(), entry.changedFields(), entry.baseVersion(), entry.owner(),
            entry.resolution(), entry.writtenAtMillis())));
        RecordKey key = new RecordKey(entry.collection(), entry.id());
        LocalRecord cur = maps.record(key);
        if (cur != null && cur.pendingSeq() == old) {
          maps.putRecord(cur.withPending(seq));
        }
      }
      return stale.size();
    });
  }

  /** Applies a hub's push answers, removing acknowledged entries and advancing the push position. */
  public Future<Tally> applyPushResults(String hub, String syncId, List<ChangeOutcome> results) {
    return write(() -> {
      Tally tally = new Tally();
      sync.pushResults(hub, syncId, results, tally, clock.millis());
      return tally;
    });
  }

  /** Applies one pulled batch and its cursor in one commit. */
  public Future<Tally> applyPull(String hub, List<RemoteRecord> batch, long cursorAfter) {
    return write(() -> {
      Tally tally = new Tally();
      sync.pullBatch(hub, batch, cursorAfter, tally, clock.millis());
      return tally;
    });
  }

  /** The edge's digest of a collection, from the stored records themselves (see {@link Repair}). */
  public Future<ScopeDigest> digest(String collection) {
    return worker.read(() -> maps.digest(collection));
  }

  /** Whether a hub's log holds unpushed entries of a collection (the digest cannot match then). */
  public Future<Boolean> hasPending(String collection) {
    return worker.read(() -> maps.pending.byCollection(hubFor(collection)).containsKey(collection));
  }

  /** Starts a repair of a collection: returns the repair, which records what the re-pull saw. */
  public Repair repair(String hub, String collection) {
    return new Repair(this, maps, hub, collection);
  }

  /** Runs a write that is not journaled: its group ends with a checkpoint (an MVStore commit). */
  <T> Future<T> write(java.util.concurrent.Callable<T> body) {
    return worker.write(() -> {
      commits.checkWritable();
      T result;
      try {
        result = body.call();
      } catch (OutpostException e) {
        if (e.code() == ErrorCode.INTERNAL_ERROR || e.code() == ErrorCode.STORE_DAMAGED) {
          commits.abandon(e);
        }
        throw e;
      } catch (Exception | Error e) {
        // Not a refusal (those come before any change): it may have stopped half way. Only the group's rollback
        // to what is durable is sure to remove such a half.
        commits.abandon(e);
        throw e;
      }
      commits.checkpointDue();
      return result;
    });
  }

  long now() {
    return clock.millis();
  }

  SyncApply syncApply() {
    return sync;
  }

  LocalWrites localWrites() {
    return writes;
  }

  EdgeMaps maps() {
    return maps;
  }

  SerialWorker worker() {
    return worker;
  }

  /** Every value of one of the store's JSON maps, read on the worker: the listings of the store's views. */
  Future<List<JsonObject>> jsonValues(Map<?, String> map) {
    return worker.read(() -> {
      List<JsonObject> out = new ArrayList<>();
      map.forEach((k, v) -> out.add(new JsonObject(v)));
      return out;
    });
  }

  // ---- upkeep

  /**
   * Compacts the file so that its size follows the live data: rewrites sparse chunks until the store
   * is at least {@value #COMPACT_FILL_RATE}% full; freed space at the end of the file is truncated.
   * Uses chunk rewriting, not {@code compactFile}: moving chunks trips an assertion in H2 2.3.23x
   * (h2database#4086). Runs on the writer thread, in bounded steps.
   */
  public Future<Long> compact() {
    return worker.write(() -> rewriting(() -> {
      for (int i = 0; i < 64 && mv.compact(COMPACT_FILL_RATE, 4 << 20); i++) {
        mv.commit();
      }
      return fileSize();
    }));
  }

  /**
   * Runs chunk rewriting (MVStore commits by itself then) after checkpoints that leave the journals empty, and
   * commits once at the end. A step makes one commit, not three: every commit adds a chunk that
   * the next step finds sparse, and with three a round kept rewriting its own chunks and never reached a dense
   * one at the end of the file, which then could not be cut off.
   */
  private <T> T rewriting(java.util.function.Supplier<T> body) {
    commits.shrink();
    T result = body.get();
    mv.commit();
    return result;
  }

  static final int COMPACT_FILL_RATE = 80;

  /** Bytes on disk: the MVStore file and the redo journals. */
  public long fileSize() {
    return mv.getFileStore().size() + commits.fileSize();
  }

  // The background upkeep's side (outpost.edge.upkeep): figures and one bounded step per writer task, so
  // local writes queued meanwhile wait for one step at the most.

  @Override
  public Future<FileFigures> fileFigures() {
    return worker.read(() -> new FileFigures(mv.getFileStore().size(), mv.getFileStore().getFillRate(),
        mv.getFileStore().getChunksFillRate()));
  }

  @Override
  public Future<Boolean> compactStep(int targetFillRate, int stepBytes) {
    return worker.write(() -> {
      // MVStore moves only the pages of open maps, and frees and truncates only on a commit that changes
      // something: open every map (a removed hub's log too), and note the step in the upkeep's own map.
      maps.openAll(); // with their own key and value types: a map opened with MVStore's defaults would misread
      return rewriting(() -> {
        mv.<String, String>openMap("upkeep").put("lastCompactionStep", Long.toString(clock.millis()));
        return mv.compact(targetFillRate, stepBytes);
      });
    });
  }

  @Override
  public int backlog() {
    return worker.queued();
  }

  /** The clock the store stamps writes with; the upkeep measures history retention by it too. */
  public Clock clock() {
    return clock;
  }

  /**
   * Drops the store as a killed process would, for crash tests that run nodes in one JVM: the MVStore file is
   * closed without a checkpoint and the journals without another write, so the files keep only what had reached
   * them, and opening them again recovers as after a crash. Every later store call fails; {@link #close()}
   * afterwards writes nothing.
   */
  public void abandon() {
    mv.closeImmediately();
    journals.forEach(RedoJournal::close);
  }

  @Override
  public void close() {
    worker.close();
    if (!mv.isClosed()) {
      try {
        commits.checkpoint();
      } catch (RuntimeException e) {
        LOG.error("final checkpoint failed; the journal keeps the writes for the next start", e);
        // MVStore's close would store what is in memory, which may be ahead of or beside what the journals replay.
        journals.forEach(RedoJournal::close);
        mv.closeImmediately();
        return;
      }
      journals.forEach(RedoJournal::close);
      mv.close();
    }
  }
}
