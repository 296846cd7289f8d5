package outpost.common.worker;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named thread that runs tasks in submission order and commits them in groups.
 *
 * <p>Group commit: the thread takes every task already queued (up to {@code maxGroup}), runs them,
 * calls {@link Durability#commit()} once, and only then completes their futures. Concurrent writers
 * therefore share one commit and one fsync, and no caller hears "done" before its data is durable. Where a commit
 * flushes the disk, a group that wrote waits briefly for the other writers seen lately ({@link #gather}).
 *
 * <p>Task contract: a writing task validates before it mutates; if it throws, the worker assumes it
 * changed nothing and fails only that task. If the commit itself fails, {@link Durability#rollback()}
 * runs and every task of the group fails.
 */
public final class SerialWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SerialWorker.class);

  /** How the owner of the store makes a group durable. */
  public interface Durability {
    /** Makes everything the group's tasks wrote durable (commit, and fsync when configured). */
    void commit();

    /** Undoes whatever the group wrote since the last commit. */
    void rollback();

    /**
     * Whether the group so far holds as much as one commit should: the next task then starts a new group.
     * Stores that must never be committed part-way through a task (no MVStore auto-store) bound memory here.
     */
    default boolean groupFull() {
      return false;
    }

    /**
     * How long a group that wrote may wait for more writers before it commits ({@link #gather}): about what one
     * commit's flush of the disk costs, or 0 when commits do not flush (the default: never wait).
     */
    default long groupDelayNanos() {
      return 0;
    }

    /**
     * Called on the worker thread when no task has come for a while (about 100 ms), between groups: a store can
     * do deferred work here (a checkpoint of what it has journaled, say). A failure is logged, not thrown.
     */
    default void idle() {}
  }

  private record Task<T>(Callable<T> body, Promise<T> promise, Context context, boolean writes) {}

  private final Vertx vertx;
  private final Durability durability;
  private final int maxGroup;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  /** Tasks taken from the queue but left for the next group when a group ended early. Worker thread only. */
  private final java.util.ArrayDeque<Task<?>> carried = new java.util.ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;
  private final java.util.concurrent.ExecutorService callbacks;
  /**
   * Writes in the largest recent group, less one for every group since: how many writers are about, as far as the
   * worker can tell. Worker thread only.
   */
  private int recentWriters;

  public SerialWorker(String name, Vertx vertx, Durability durability, int maxGroup) {
    this(name, vertx, durability, maxGroup, false);
  }

  /**
   * With {@code ownCallbacks}, callers outside a Vert.x context (gRPC threads) hear back on a second named
   * thread instead of the writer's, so that what they do next (encoding a pull page for the wire, say) runs
   * beside the writer instead of holding it up. Completions keep their order.
   */
  public SerialWorker(String name, Vertx vertx, Durability durability, int maxGroup, boolean ownCallbacks) {
    this.callbacks = ownCallbacks ? java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name + "-callbacks");
      t.setDaemon(true);
      return t;
    }) : null;
    this.vertx = vertx;
    this.durability = durability;
    this.maxGroup = maxGroup;
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Runs a writing task; its future completes after the group it ran in is committed. */
  public <T> Future<T> write(Callable<T> body) {
    return enqueue(body, true);
  }

  /** Runs a read on the worker thread, in order with the writes before it; no commit is needed. */
  public <T> Future<T> read(Callable<T> body) {
    return enqueue(body, false);
  }

  /** Whether the caller is the worker thread (for assertions in the store). */
  public boolean onWorker() {
    return Thread.currentThread() == thread;
  }

  /** How many tasks wait (a gauge for metrics and tests). */
  public int queued() {
    return queue.size();
  }

  private <T> Future<T> enqueue(Callable<T> body, boolean writes) {
    Promise<T> promise = Promise.promise();
    if (closed.get()) {
      promise.fail(new IllegalStateException("store is closed"));
      return promise.future();
    }
    Context context = vertx == null ? null : Vertx.currentContext();
    queue.add(new Task<>(body, promise, context, writes));
    return promise.future();
  }

  private void loop() {
    List<Task<?>> group = new ArrayList<>();
    List<Object> results = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    while (!closed.get() || !queue.isEmpty() || !carried.isEmpty()) {
      try {
        Task<?> first = carried.isEmpty() ? queue.poll(100, TimeUnit.MILLISECONDS) : carried.poll();
        if (first == null) {
          idle();
          continue;
        }
        group.add(first);
        while (group.size() < maxGroup && !carried.isEmpty()) {
          group.add(carried.poll());
        }
        queue.drainTo(group, maxGroup - group.size());
        boolean wrote = run(group, 0, false, results, failures);
        int writes = writes(group, 0);
        if (wrote && carried.isEmpty()) {
          writes = gather(group, writes, results, failures);
        }
        recentWriters = Math.max(recentWriters - 1, writes);
        Throwable commitFailure = wrote ? commit() : null;
        for (int i = 0; i < group.size(); i++) {
          Throwable failure = commitFailure != null && group.get(i).writes() ? commitFailure : failures.get(i);
          complete(group.get(i), results.get(i), failure);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        // Never let the writer thread die with callers waiting: fail this group and go on.
        LOG.error("store writer failed a group", e);
        for (Task<?> task : group) {
          complete(task, null, e);
        }
      } finally {
        group.clear();
        results.clear();
        failures.clear();
      }
    }
  }

  /**
   * Runs the group's tasks from {@code from} on; once the group holds as much as one commit should, leaves the rest,
   * in order, for the next group (one commit never holds unbounded data). Answers whether the group wrote.
   */
  private boolean run(List<Task<?>> group, int from, boolean wrote, List<Object> results, List<Throwable> failures) {
    for (int n = from; n < group.size(); n++) {
      Task<?> task = group.get(n);
      if (n > 0 && wrote && durability.groupFull()) {
        for (int r = group.size() - 1; r >= n; r--) {
          carried.addFirst(group.remove(r));
        }
        break;
      }
      try {
        results.add(task.body().call());
        failures.add(null);
        wrote |= task.writes();
      } catch (Throwable t) {
        results.add(null);
        failures.add(t);
      }
    }
    return wrote;
  }

  /**
   * The commit delay of group commit (PostgreSQL's {@code commit_delay}, MySQL's
   * {@code binlog_group_commit_sync_delay}): when a commit costs a flush of the disk and more writers were seen
   * lately than this group holds, wait up to {@link Durability#groupDelayNanos()} for them, running what comes,
   * so that they share this flush instead of each starting a flush of its own: 16 writers on two cores come back
   * from their acknowledgements a few at a time. A lone writer never waits. Answers the group's writes.
   */
  private int gather(List<Task<?>> group, int writes, List<Object> results, List<Throwable> failures)
      throws InterruptedException {
    long delay = durability.groupDelayNanos();
    int target = Math.min(recentWriters, maxGroup);
    if (delay <= 0 || writes >= target) {
      return writes;
    }
    long deadline = System.nanoTime() + delay;
    while (writes < target && group.size() < maxGroup && carried.isEmpty()) {
      long left = deadline - System.nanoTime();
      Task<?> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
      if (next == null) {
        break;
      }
      int at = group.size();
      group.add(next);
      queue.drainTo(group, maxGroup - group.size());
      run(group, at, true, results, failures);
      writes += writes(group, at);
    }
    return writes;
  }

  /** Writing tasks in the group from {@code from} on. */
  private static int writes(List<Task<?>> group, int from) {
    int n = 0;
    for (int i = from; i < group.size(); i++) {
      n += group.get(i).writes() ? 1 : 0;
    }
    return n;
  }

  private void idle() {
    try {
      durability.idle();
    } catch (RuntimeException | Error e) {
      LOG.warn("store writer's idle work failed", e);
    }
  }

  private Throwable commit() {
    try {
      durability.commit();
      return null;
    } catch (Throwable t) {
      LOG.error("commit failed; rolling back the group", t);
      try {
        durability.rollback();
      } catch (Throwable r) {
        if (r != t) {
          t.addSuppressed(r);
        }
      }
      return t;
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void complete(Task<T> task, Object result, Throwable failure) {
    Runnable done = () -> {
      if (failure != null) {
        task.promise().tryFail(failure);
      } else {
        task.promise().tryComplete((T) result);
      }
    };
    if (task.context() != null) {
      task.context().runOnContext(v -> done.run());
    } else if (callbacks != null) {
      callbacks.execute(done);
    } else {
      done.run();
    }
  }

  /** Stops taking tasks, runs what is queued, and waits for the thread to end. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (callbacks != null) {
        callbacks.shutdown(); // what is queued still runs
      }
    }
  }
}
