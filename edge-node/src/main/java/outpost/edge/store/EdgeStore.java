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
import outpost.common.RecordKey;
import outpost.common.ScopeDigest;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.upkeep.CompactableStore;
import outpost.common.upkeep.FileFigures;
import outpost.common.worker.SerialWorker;

/**
 * The edge node's store: one MVStore file, one writer thread. Local writes, push results and pulled
 * batches are each one commit (with an fsync under {@link Durability#FSYNC}); concurrent writers share
 * commits. Reads run on the writer thread too, so they see every write acknowledged before them.
 */
public final class EdgeStore implements AutoCloseable, CompactableStore {
  public static final String FILE_NAME = "edge.mv.db";

  private final MVStore mv;
  private final EdgeMaps maps;
  private final SerialWorker worker;
  private final LocalWrites writes;
  private final SyncApply sync;
  private final Clock clock;
  private final Function<String, String> hubFor;
  private volatile CollectionRules rules;
  private volatile Runnable writeListener = () -> { };

  private EdgeStore(Vertx vertx, MVStore mv, String site, Durability durability, Function<String, String> hubFor,
      Clock clock) {
    this.mv = mv;
    this.maps = new EdgeMaps(mv);
    this.clock = clock;
    this.hubFor = hubFor;
    this.writes = new LocalWrites(maps, site, hubFor);
    this.sync = new SyncApply(maps);
    String stored = maps.meta.get("rules");
    this.rules = stored == null ? CollectionRules.NONE : CollectionRules.fromJson(new JsonObject(stored));
    this.worker = new SerialWorker("edge-store-writer", vertx, new SerialWorker.Durability() {
      @Override
      public void commit() {
        mv.commit();
        if (durability == Durability.FSYNC) {
          mv.sync();
        }
        // No ChunkTrimmer here: with the edge's zero retention time, rewriting chunks after every few commits
        // freed space that the next commit reused at once, and a SIGKILL then lost an acknowledged write
        // (KillDuringWritesTest, seed 8284881023746). The scheduled upkeep compacts instead.
      }

      @Override
      public boolean groupFull() {
        return mv.getUnsavedMemory() > MAX_UNSAVED;
      }

      @Override
      public void rollback() {
        mv.rollback();
        maps.forgetDigests();
      }
    }, 1024);
  }

  /**
   * Opens (or creates) the store in {@code dataDir}. {@code hubFor} routes a collection to the name of
   * the hub whose log receives its changes. Fails clearly when another process holds the file.
   */
  public static EdgeStore open(Vertx vertx, Path dataDir, String site, Durability durability,
      Function<String, String> hubFor, Clock clock) {
    try {
      Files.createDirectories(dataDir);
      // autoCommitBufferSize(0): MVStore must never store on its own once unsaved pages pile up (it did from
      // ~1 MiB, splitting a 5,000-record bulk over three versions: a crash could keep part of it). Groups are
      // bounded by groupFull instead. 4 KiB pages keep the commit of a large bulk small enough for -Xmx128m.
      MVStore mv = new MVStore.Builder().fileName(dataDir.resolve(FILE_NAME).toString()).autoCommitDisabled()
          .autoCommitBufferSize(0).pageSplitSize(4 << 10).cacheSize(16).open();
      mv.setVersionsToKeep(0);
      // Reuse freed chunks at once: the 45 s default makes a busy file grow by every commit's pages.
      // Safe here because commits are written in order and fsync mode forces each group to disk.
      mv.setRetentionTime(0);
      try {
        return new EdgeStore(vertx, mv, site, durability, hubFor, clock);
      } catch (RuntimeException e) {
        mv.closeImmediately(); // e.g. a file of another layout: release it untouched
        throw e;
      }
    } catch (MVStoreException e) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "cannot open edge data in " + dataDir
          + (e.getMessage() != null && e.getMessage().contains("locked") ? ": it is in use by another process"
          : ": " + e.getMessage()), e);
    } catch (java.io.IOException e) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "cannot create data directory " + dataDir, e);
    }
  }

  // ---- local records

  /** Writes a record and its log entry in one commit; answers true when it was created. */
  public Future<Boolean> put(String collection, String id, JsonObject data) {
    return worker.write(() -> writes.put(collection, id, data, rules, clock.millis())).onSuccess(v -> wrote());
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
    List<LocalWrites.Item> list = items.stream().map(i -> new LocalWrites.Item(i.id(), i.data())).toList();
    return worker.write(() -> writes.putAll(collection, list, rules, clock.millis())).onSuccess(v -> wrote());
  }

  /** Deletes a record (logged); answers false when there was no live record. */
  public Future<Boolean> delete(String collection, String id) {
    return worker.write(() -> writes.delete(collection, id, rules, clock.millis())).onSuccess(v -> wrote());
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

  /** A page of live records by id. */
  public record Page(List<LocalRecord> items, String next) {}

  public Future<Page> list(String collection, String after, int limit) {
    return worker.read(() -> {
      Validation.collection(collection);
      String from = after == null ? RecordKey.collectionStart(collection) : new RecordKey(collection, after).encode();
      List<LocalRecord> items = new ArrayList<>();
      var cursor = maps.records.cursor(from);
      String next = null;
      while (cursor.hasNext()) {
        String k = cursor.next();
        RecordKey key = RecordKey.decode(k);
        if (!key.collection().equals(collection)) {
          break;
        }
        if (after != null && key.id().equals(after)) {
          continue;
        }
        LocalRecord r = RecordCodec.decode(key, cursor.getValue());
        if (r.deleted()) {
          continue;
        }
        if (items.size() == limit) {
          next = items.get(items.size() - 1).id();
          break;
        }
        items.add(r);
      }
      return new Page(items, next);
    });
  }

  // ---- rules, routing and pending work

  public CollectionRules rules() {
    return rules;
  }

  /** Stores what a hub said about its collections (merged with what other hubs said). */
  public Future<Void> learnRules(CollectionRules learnt) {
    return worker.write(() -> {
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

  /** Changes waiting to be pushed to the hub (O(1): the log holds only unacknowledged entries). */
  public long pending(String hub) {
    return maps.log(hub).sizeAsLong();
  }

  /** The last origin sequence handed out: a push pushes no entry written after it started. */
  public Future<Long> lastSeq() {
    return worker.read(() -> Long.parseLong(maps.meta.getOrDefault("seq", "0")));
  }

  public Future<Long> pullCursor(String hub) {
    return worker.read(() -> maps.cursor("pull:" + hub));
  }

  // ---- sync

  /** Up to {@code max} log entries of a hub with a sequence above {@code after}, in order. */
  public Future<List<LogEntry>> readLog(String hub, long after, int max) {
    return worker.read(() -> {
      List<LogEntry> out = new ArrayList<>(Math.min(max, 1024));
      var cursor = maps.log(hub).cursor(after + 1);
      while (out.size() < max && cursor.hasNext()) {
        long seq = cursor.next();
        out.add(LogEntry.decode(seq, cursor.getValue()));
      }
      return out;
    });
  }

  /**
   * Makes sure no pending change carries an origin sequence the hub has already processed for this site.
   * That happens when a site starts over with an empty store, or from an older backup, under the same site
   * id: the hub would answer DUPLICATE and the changes would never apply. Renumbers those entries past
   * {@code hubLastSeq} (keeping their order) and moves the sequence on; answers how many were renumbered.
   */
  public Future<Integer> adoptHubSequence(String hub, long hubLastSeq) {
    return worker.write(() -> {
      long local = Long.parseLong(maps.meta.getOrDefault("seq", "0"));
      if (hubLastSeq <= local) {
        return 0;
      }
      maps.meta.put("seq", Long.toString(hubLastSeq));
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
      for (long old : stale) {
        LogEntry entry = LogEntry.decode(old, log.remove(old));
        long seq = maps.nextSeq();
        log.put(seq, new LogEntry(seq, entry.collection(), entry.id(), entry.op(), entry.data(),
            entry.changedFields(), entry.baseVersion(), entry.owner(), entry.resolution(), entry.writtenAtMillis())
            .encode());
        String key = new RecordKey(entry.collection(), entry.id()).encode();
        if (Long.valueOf(old).equals(maps.pending.get(key))) {
          maps.pending.put(key, seq);
        }
      }
      return stale.size();
    });
  }

  /** Applies a hub's push answers, removing acknowledged entries and advancing the push position. */
  public Future<Tally> applyPushResults(String hub, String syncId, List<PushResult> results) {
    return worker.write(() -> {
      Tally tally = new Tally();
      sync.pushResults(hub, syncId, results, tally, clock.millis());
      return tally;
    });
  }

  /** Applies one pulled batch and its cursor in one commit. */
  public Future<Tally> applyPull(String hub, List<RemoteRecord> batch, long cursorAfter) {
    return worker.write(() -> {
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
    return worker.read(() -> {
      String start = RecordKey.collectionStart(collection);
      String first = maps.pending.ceilingKey(start);
      return first != null && first.startsWith(start);
    });
  }

  /** Starts a repair of a collection: returns a session that records what the re-pull saw. */
  public Repair repair(String hub, String collection) {
    return new Repair(this, maps, hub, collection);
  }

  <T> Future<T> write(java.util.concurrent.Callable<T> body) {
    return worker.write(body);
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

  // ---- upkeep

  /**
   * Compacts the file so that its size follows the live data: rewrites sparse chunks until the store
   * is at least {@value #COMPACT_FILL_RATE}% full; freed space at the end of the file is truncated.
   * Uses chunk rewriting, not {@code compactFile}: moving chunks trips an assertion in H2 2.3.23x
   * (h2database#4086). Runs on the writer thread, in bounded steps.
   */
  public Future<Long> compact() {
    return worker.write(() -> {
      mv.commit();
      for (int i = 0; i < 64 && mv.compact(COMPACT_FILL_RATE, 4 << 20); i++) {
        mv.commit();
      }
      return mv.getFileStore().size();
    });
  }

  static final int COMPACT_FILL_RATE = 80;
  /** MVStore's estimate of unsaved page memory above which a group is committed before its next task. */
  private static final int MAX_UNSAVED = 4 << 20;

  public long fileSize() {
    return mv.getFileStore().size();
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
      mv.<String, String>openMap("upkeep").put("lastCompactionStep", Long.toString(clock.millis()));
      return mv.compact(targetFillRate, stepBytes);
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

  @Override
  public void close() {
    worker.close();
    if (!mv.isClosed()) {
      mv.close();
    }
  }
}
