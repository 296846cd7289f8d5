package outpost.edge.store.impl;

import java.util.List;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.worker.SerialWorker;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;

/**
 * How the edge store makes a group of writes durable. A group of local writes only (put, bulk, delete) is made
 * durable by its records in a {@link RedoJournal}; MVStore commits ("checkpoints") once the unsaved pages or the
 * journal pass a bound, after a group with any other kind of write (sync results, resolutions, history), after a
 * second without writes, and at close. With random record ids every write dirties its own B-tree leaf, and a
 * commit per group rewrote those leaves, their parents and the file's chunk metadata for a handful of writes: a
 * checkpoint shares all that among a thousand.
 *
 * <p>A checkpoint stores a new journal epoch with the data, and later groups go to the other journal file, under
 * that epoch; a file's records stay until the checkpoint after, so the two files hold the last two epochs and a
 * store file that comes back one checkpoint older still finds what it lacks. A checkpoint that the bounds call
 * for is pipelined: MVStore takes its snapshot on the writer thread and builds and writes the chunk on its own
 * serialization thread while the writer goes on; the next checkpoint first waits for that chunk to be stored (and
 * forced, under fsync). Every other checkpoint is synchronous. Recovery replays the journals of the stored epoch
 * and the next one, in that order. Writer thread only.
 */
public final class JournaledCommits implements SerialWorker.Durability {
  private static final Logger LOG = LoggerFactory.getLogger(JournaledCommits.class);
  /** MVStore's estimate of unsaved page memory above which a group ends and is checkpointed. */
  public static final long MAX_UNSAVED = 4 << 20;
  /** Journal bytes above which the next group is checkpointed: bounds the replay after a crash. */
  static final long MAX_JOURNAL = 8 << 20;
  private static final long IDLE_NANOS = 1_000_000_000L;
  /** The longest a group waits for more writers under fsync, whatever a flush costs (a slow disk's can be 10 ms). */
  static final long MAX_GROUP_DELAY_NANOS = 1_000_000L;
  private static final String EPOCH = "journalEpoch";

  private final MVStore mv;
  private final EdgeMaps maps;
  private final List<RedoJournal> journals;
  private final boolean fsync;
  private final Consumer<RedoOp> replay;
  /** The operator accepted the loss of what recovery cannot bring back (EdgeStore#ACCEPT_DATA_LOSS). */
  private final boolean acceptLoss;
  /** Why recovery failed while the node ran: nothing is committed after it (a checkpoint would pass the loss). */
  private RuntimeException broken;
  /** A task of the current group failed part-way: the group must be rolled back, not committed. */
  private Throwable abandoned;
  private RedoJournal active;
  /** Runs as a group's commit starts: a test seam that fails it. */
  public volatile Runnable beforeCommit = () -> { };
  private boolean checkpointDue;
  /** A pipelined checkpoint's chunk may not be stored yet: the other journal is still needed. */
  private boolean inFlight;
  /** A pipelined chunk was stored since the last synchronous checkpoint: the next one commits twice. */
  private boolean accountingOwed;
  private long epoch;
  private long lastGroup = System.nanoTime();
  /** What a group's journal flush has taken lately (a moving average), under fsync. */
  private long flushNanos;

  public JournaledCommits(MVStore mv, EdgeMaps maps, List<RedoJournal> journals, boolean fsync, Consumer<RedoOp> replay,
      boolean acceptLoss) {
    this.acceptLoss = acceptLoss;
    this.mv = mv;
    this.maps = maps;
    this.journals = journals;
    this.fsync = fsync;
    this.replay = replay;
    this.active = journals.get(0);
  }

  /**
   * At open (and after a failed group): replays what the journals hold beyond the stored checkpoint, the stored
   * epoch first, and checkpoints it. Answers how many writes were replayed. Refuses (STORE_DAMAGED, before any
   * checkpoint, so the journals stay as they are) when the store cannot bring back every acknowledged write: the
   * file lost checkpoints, or a journaled write does not replay. With the operator's acceptance it logs what is
   * lost and goes on.
   */
  public int recover() {
    long stored = Long.parseLong(maps.meta.getOrDefault(EPOCH, "0"));
    long newest = stored;
    for (RedoJournal journal : journals) {
      newest = Math.max(newest, journal.headerEpoch());
    }
    if (newest > stored + 1) {
      // The journals only ever run one checkpoint ahead of a stored file: this file lost checkpoints it had, and
      // the writes they held are in neither journal any more.
      String what = "the store file " + mv.getFileStore().getFileName() + " is at journal epoch " + stored
          + " but its journals reached epoch " + newest + ": the file lost at least " + (newest - stored - 1)
          + " checkpoint(s), and writes acknowledged before them are missing";
      if (!acceptLoss) {
        throw refusal(what);
      }
      LOG.error("{}; going on as the operator accepted", what);
    }
    int n = 0;
    for (long e = stored; e <= stored + 1; e++) {
      for (RedoJournal journal : journals) {
        if (journal.headerEpoch() == e && e > 0) {
          n += replay(journal, journal.read(e));
        }
      }
    }
    epoch = newest; // the next epoch is new to both files
    checkpoint();
    return n;
  }

  private int replay(RedoJournal journal, List<byte[]> records) {
    for (int i = 0; i < records.size(); i++) {
      RedoOp op = null;
      try {
        op = RedoOp.decode(records.get(i));
        replay.accept(op);
      } catch (RuntimeException e) {
        // It was accepted once on this same state: the file (or the journal) no longer holds what it did.
        String what = "journaled write " + (i + 1) + " of " + journal.file()
            + (op == null ? "" : " (" + op.items().size() + " record(s) of '" + op.collection() + "', e.g. id '"
            + op.items().get(0).id() + "', written at " + java.time.Instant.ofEpochMilli(op.now()) + ")")
            + " cannot be replayed onto " + mv.getFileStore().getFileName() + ": " + Damage.reason(e);
        if (!acceptLoss) {
          throw refusal(what);
        }
        LOG.error("{}; dropped as the operator accepted", what, e);
      }
    }
    return records.size();
  }

  private static OutpostException refusal(String what) {
    return new OutpostException(ErrorCode.STORE_DAMAGED, what + ". The node does not start without them: keep the"
        + " data directory as it is, copy it aside, and see docs/operations.md (\"When a node refuses to start"
        + " because its store lost data\"); to start anyway, dropping what cannot be brought back, create the file "
        + EdgeStore.ACCEPT_DATA_LOSS + " in the data directory");
  }

  /**
   * A task failed after changing the store and what it changed could not be put back: the group is rolled back to
   * what is durable (its commit fails, and with it every task of the group), or at once when nothing else of the
   * group waits to be committed.
   */
  public void abandon(Throwable cause) {
    if (active.hasBuffered() || checkpointDue) {
      abandoned = cause; // the group's commit runs (an earlier task of it wrote) and fails
    } else {
      rollback();
    }
  }

  /** Adds a local write, as {@link RedoOp#head} and {@link RedoOp#body} encode it, to the group's journal records. */
  public void journal(byte[] head, byte[] body) {
    active.append(head, java.util.Objects.requireNonNull(body, "a journaled write has its ids and values"));
  }

  /** The current group holds a write the journal does not: it ends with a checkpoint. */
  public void checkpointDue() {
    checkpointDue = true;
  }

  /** Whether anything written since the last checkpoint is not in the MVStore file yet. */
  boolean uncommitted() {
    return inFlight || active.written() > 0 || active.hasBuffered() || mv.hasUnsavedChanges();
  }

  /** Refuses writes once recovery failed while the node ran: nothing after that may be acknowledged. */
  public void checkWritable() {
    if (broken != null) {
      throw new OutpostException(ErrorCode.STORE_DAMAGED, "the store stopped committing: " + broken.getMessage(),
          broken);
    }
  }

  /** Commits everything (and forces it, under fsync) and starts the journal over; synchronous. */
  public void checkpoint() {
    checkWritable();
    awaitStored();
    long next = epoch + 1;
    maps.meta.put(EPOCH, Long.toString(next));
    mv.commit();
    if (accountingOwed) {
      // MVStore accounts the pages that the writer replaced while a background chunk was being built only at the
      // second commit after that chunk: without it, a close (or a crash) here left them counted as live in the
      // file, their chunk could never be freed, and compaction could not shrink a file that ended with it.
      maps.meta.put(EPOCH, Long.toString(next));
      mv.commit();
      accountingOwed = false;
    }
    if (fsync) {
      mv.sync();
    }
    epoch = next;
    // The records of the epoch just checkpointed stay in their file until the next checkpoint: should the file
    // come back one checkpoint older after a crash, they are still there to replay.
    switchJournal(next);
    checkpointDue = false;
  }

  private void switchJournal(long next) {
    active = journals.get(active == journals.get(0) ? 1 : 0);
    active.reset(next);
  }

  /**
   * Starts a checkpoint whose chunk MVStore stores in the background: the group's records are written to the
   * current journal first, since that file is what a crash before the chunk is stored replays; later groups go
   * to the other one.
   */
  private void checkpointPipelined() {
    awaitStored();
    active.flush();
    long next = epoch + 1;
    maps.meta.put(EPOCH, Long.toString(next));
    if (mv.tryCommit() < 0) {
      mv.commit(); // the store lock was busy (it never is: only this thread commits): store it here instead
    }
    epoch = next;
    switchJournal(next);
    inFlight = true;
  }

  /** Waits until the last pipelined checkpoint's chunk is written (and forced, under fsync). */
  private void awaitStored() {
    if (!inFlight) {
      return;
    }
    mv.getFileStore().executeFileStoreOperation(() -> {
      if (fsync) {
        mv.getFileStore().sync();
      }
    });
    inFlight = false;
    accountingOwed = true;
  }

  @Override
  public void commit() {
    lastGroup = System.nanoTime();
    beforeCommit.run();
    if (abandoned != null) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "a write of this group failed part-way: the group is"
          + " rolled back (" + Damage.reason(abandoned) + ")", abandoned);
    }
    if (broken != null) {
      checkpoint(); // throws
    }
    if (checkpointDue) {
      checkpoint();
    } else if (mv.getUnsavedMemory() > MAX_UNSAVED || active.written() > MAX_JOURNAL) {
      checkpointPipelined();
    } else {
      long start = System.nanoTime();
      active.flush();
      flushNanos += (System.nanoTime() - start - flushNanos) / 8;
    }
  }

  /** Under fsync, a group waits for more writers about as long as a flush takes: they then share the next one. */
  @Override
  public long groupDelayNanos() {
    return fsync ? Math.min(flushNanos, MAX_GROUP_DELAY_NANOS) : 0;
  }

  @Override
  public boolean groupFull() {
    return mv.getUnsavedMemory() > MAX_UNSAVED;
  }

  @Override
  public void rollback() {
    // Back to the last checkpoint plus what the journals hold: every group acknowledged before this one.
    active.discardBuffered();
    checkpointDue = false;
    abandoned = null;
    awaitStored();
    mv.rollback();
    maps.afterRollback();
    if (broken != null) {
      return;
    }
    try {
      recover();
    } catch (RuntimeException e) {
      broken = e; // the journals keep every acknowledged write for a start that can replay them (or accepts)
      mv.rollback();
      throw e;
    }
  }

  @Override
  public void idle() {
    if (broken != null) {
      return;
    }
    awaitStored();
    if (active.written() > 0 && System.nanoTime() - lastGroup > IDLE_NANOS) {
      checkpoint();
    }
  }

  /** Bytes on disk of both journal files. */
  public long fileSize() {
    return journals.stream().mapToLong(RedoJournal::fileSize).sum();
  }

  /**
   * Before compaction (whose own commits must find nothing uncommitted): checkpoints until neither file holds
   * records (at most two, none when idle, so that a step adds one commit), and cuts both back to their headers.
   */
  public void shrink() {
    if (uncommitted()) {
      checkpoint();
    }
    if (journals.stream().anyMatch(j -> j.written() > 0)) {
      checkpoint(); // the other file's records are in the last checkpoint; this one empties it too
    }
    journals.forEach(RedoJournal::shrink);
  }
}
