package outpost.common.upkeep;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * Shrinks an MVStore file to about its live data, in bounded steps on the store's writer thread.
 *
 * <p><b>When.</b> Only when the file is at least {@link Settings#minFileBytes} and more than twice its live
 * data. Below that the overhead is the normal slack of a copy-on-write file, and a rewrite costs a write of
 * the live data: past 2x, every byte rewritten frees at least one.
 *
 * <p><b>How.</b> First the sparse chunks (at most {@value #SPARSE}% live) are rewritten until the chunks
 * are {@value #SPARSE}% live overall. That frees their space, but the file keeps its length while a live
 * chunk sits at its end; so then the oldest chunks, however full, are rewritten into the free space near
 * the start until {@value #OCCUPIED}% of the file is occupied: the chunks at the end move forward and
 * MVStore truncates the free tail at a following commit. The file ends at most about 1.8x its live data.
 * Chunks are never moved in place ({@code compactFile}): that trips an assertion in H2 2.3.23x
 * (h2database#4086) and has lost data (h2database#4247).
 *
 * <p><b>Bounds.</b> A step rewrites at most {@link Settings#stepBytes} of live data, so a write queued
 * behind it waits for one step at the most; steps are paced by a timer. A round ends early when the store
 * is busy (its owner says so, or its queue is long) and resumes at the next round; it also ends after it
 * has rewritten about twice the live data, so that it cannot churn a file that does not shrink.
 */
public final class Compaction {
  static final int SPARSE = 80;
  static final int OCCUPIED = 70;
  /** Writer tasks waiting that make a store busy: a bulk load or many sites at once. */
  static final int BUSY_BACKLOG = 32;

  /**
   * @param minFileBytes smaller files are left alone
   * @param stepBytes live data rewritten by one step, at the most
   * @param pauseMillis the pause between steps, in which queued writes run
   * @param maxSteps the most steps one round takes
   */
  public record Settings(long minFileBytes, int stepBytes, long pauseMillis, int maxSteps) {
    public static final Settings DEFAULT = new Settings(8L << 20, 2 << 20, 10, 1024);
  }

  /**
   * What a round did: the figures before and after, the steps that rewrote something, how long the round and
   * its longest step took (a step's time, queue and commit included, is what a write queued behind it waits),
   * and why it stopped.
   */
  public record Result(FileFigures before, FileFigures after, int steps, long millis, long longestStepMillis,
      String stoppedBecause) {
    /** One phrase for the upkeep's log line. */
    public String describe(String file) {
      return "compacted " + file + " " + FileFigures.mib(before.size()) + " -> " + FileFigures.mib(after.size())
          + " (live about " + FileFigures.mib(after.liveBytes()) + ") in " + steps + " steps, " + millis
          + " ms, longest step " + longestStepMillis + " ms"
          + (stoppedBecause.equals(DONE) ? "" : " (" + stoppedBecause + ")");
    }
  }

  static final String DONE = "done";

  private final Vertx vertx;
  private final CompactableStore store;
  private final BooleanSupplier busy;
  private final Settings settings;

  /** @param busy whether the store's owner is writing heavily now (a sync run); checked before each step */
  public Compaction(Vertx vertx, CompactableStore store, BooleanSupplier busy, Settings settings) {
    this.vertx = vertx;
    this.store = store;
    this.busy = busy;
    this.settings = settings;
  }

  /** Whether a file with these figures is worth compacting (see the class comment). */
  public boolean worthIt(FileFigures figures) {
    return figures.size() >= settings.minFileBytes() && figures.liveBytes() * 2 < figures.size();
  }

  /** Runs one round; answers with zero steps when the file was not worth compacting or the store was busy. */
  public Future<Result> run() {
    long started = System.nanoTime();
    return store.fileFigures().compose(before -> {
      if (!worthIt(before)) {
        return Future.succeededFuture(new Result(before, before, 0, 0, 0, "not needed"));
      }
      long budget = Math.min(settings.maxSteps(), 2 * (before.liveBytes() / settings.stepBytes() + 1) + 8);
      return new Round(before, budget, started).step(before, 0, 0);
    });
  }

  /** One round's fixed figures and its longest step so far. */
  private final class Round {
    private final FileFigures before;
    private final long budget;
    private final long started;
    private long longestStep;

    Round(FileFigures before, long budget, long started) {
      this.before = before;
      this.budget = budget;
      this.started = started;
    }

    /** Set once the round moves chunks forward; it stays so, see {@link #target}. */
    private boolean moving;

    /**
     * The fill rate this step rewrites up to, or -1 when the file is compact. Once the round moves chunks forward
     * it keeps doing so until the file is occupied enough: local writes going on make small sparse chunks that
     * pull the chunks' fill under {@value #SPARSE}% again, and a round that went back to rewriting those spent
     * its budget without ever freeing the file's end.
     */
    private int target(FileFigures now) {
      if (!moving && now.chunksFillRate() < SPARSE) {
        return SPARSE;
      }
      moving = now.fillRate() < OCCUPIED;
      return moving ? 100 : -1;
    }

    /** @param idleTarget the target of the last step if it rewrote nothing (0 if it did) */
    Future<Result> step(FileFigures now, int steps, int idleTarget) {
      int target = target(now);
      String stop = target < 0 ? DONE
          // MVStore rewrites only chunks past the store's retention time; the rest waits for a later round.
          : target == idleTarget ? "nothing more it can rewrite now"
          : steps >= budget ? "step budget spent"
          : busy.getAsBoolean() || store.backlog() > BUSY_BACKLOG ? "store busy, resumes next round" : null;
      if (stop != null) {
        return Future.succeededFuture(new Result(before, now, steps, (System.nanoTime() - started) / 1_000_000,
            longestStep, stop));
      }
      long t0 = System.nanoTime();
      return store.compactStep(target, settings.stepBytes()).compose(rewrote -> {
        longestStep = Math.max(longestStep, (System.nanoTime() - t0) / 1_000_000);
        return store.fileFigures().compose(after -> rewrote
            ? pause().compose(v -> step(after, steps + 1, 0))
            : step(after, steps, target));
      });
    }
  }

  private Future<Void> pause() {
    Promise<Void> paused = Promise.promise();
    vertx.setTimer(Math.max(1, settings.pauseMillis()), id -> paused.complete());
    return paused.future();
  }
}
