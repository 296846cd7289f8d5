package outpost.edge.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A manual clock with timers, for tests and simulations: time stands still until {@link #advance}
 * moves it, firing due tasks in due-time order (ties in the order they were scheduled), each with
 * {@link #now()} set to its due time. Not thread-safe: use it from one thread, like a Vert.x context.
 * {@link #execute} runs the task at once.
 */
public final class ManualTimers implements Timers {
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::seq));
  private Instant now;
  private long nextSeq;

  public ManualTimers(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Duration d = delay.isNegative() ? Duration.ZERO : delay;
    Task t = new Task(now.plus(d), nextSeq++, task);
    queue.add(t);
    return () -> queue.remove(t);
  }

  @Override
  public void execute(Runnable task) {
    task.run();
  }

  /** Moves time forward by {@code by}, running every task that falls due on the way. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + by);
    }
    advanceTo(now.plus(by));
  }

  /** Moves time forward to {@code target}, running every task due at or before it. */
  public void advanceTo(Instant target) {
    if (target.isBefore(now)) {
      throw new IllegalArgumentException("time only moves forward: " + target + " < " + now);
    }
    Task t;
    while ((t = queue.peek()) != null && !t.due().isAfter(target)) {
      queue.poll();
      now = t.due();
      t.task().run();
    }
    now = target;
  }

  /** Runs the tasks that are due now (scheduled with zero delay) without moving time. */
  public void runDue() {
    advanceTo(now);
  }

  /** The due time of the earliest pending task, or null when none is pending. */
  public Instant nextTaskAt() {
    Task t = queue.peek();
    return t == null ? null : t.due();
  }

  /** How many tasks are pending. */
  public int pending() {
    return queue.size();
  }

  private record Task(Instant due, long seq, Runnable task) {}
}
