package outpost.hub.ingest;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in the order they were submitted, on threads of a shared executor (grpc-java's
 * {@code SerializingExecutor}). A call's gRPC callbacks, store completions and onReady all go through one, so
 * the call's state has one logical thread and needs no lock: no store call or outbound message is ever made
 * while a lock is held, and completions arriving on PostgreSQL event loops or the embedded store's thread
 * never run call logic there. Tasks must not block: a task that waits holds a shared thread.
 */
final class SerialExecutor implements Executor {
  /** Threads come and go with the number of calls busy at once; idle ones end (grpc-java's default executor). */
  private static final ExecutorService SHARED = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), new CallThreads());

  private final Executor delegate;
  private final Consumer<Throwable> onFailure;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  /** Set while a drain is scheduled or running: at most one at a time, which is what makes this serial. */
  private final AtomicBoolean draining = new AtomicBoolean();

  /**
   * @param onFailure told, in order with the tasks, when a task throws; the tasks after it still run. It must
   *     not throw itself.
   */
  SerialExecutor(Executor delegate, Consumer<Throwable> onFailure) {
    this.delegate = Objects.requireNonNull(delegate);
    this.onFailure = Objects.requireNonNull(onFailure);
  }

  /** One call's executor over the hub's shared call threads. */
  static SerialExecutor forCall(Consumer<Throwable> onFailure) {
    return new SerialExecutor(SHARED, onFailure);
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(Objects.requireNonNull(task));
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      try {
        delegate.execute(this::drain);
      } catch (RuntimeException e) {
        draining.set(false);
        throw e;
      }
    }
  }

  private void drain() {
    try {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          onFailure.accept(e);
        }
      }
    } finally {
      draining.set(false);
      // A task added after the last poll but before the flag was cleared found a drain running and left it to us.
      if (!tasks.isEmpty()) {
        schedule();
      }
    }
  }

  /** Named daemon threads: an idle hub-call thread never keeps the JVM alive. */
  private static final class CallThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "hub-call-" + next.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
