package outpost.edge.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * Wall-clock time and timers for one thread of control: every task runs on the same context (the
 * node's Vert.x context, or the test thread for the tests' {@code ManualTimers}), one at a time. Injected so
 * that the scheduler runs on a manual clock in tests and simulations.
 */
public interface Timers {
  /** The current wall-clock time. */
  Instant now();

  /** Runs {@code task} once after {@code delay} (a negative delay counts as zero). */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * Runs {@code task} on this timers' context: at once when the caller is already there, otherwise
   * as soon as the context is free. Lets callers on other threads hand work to the coordinator.
   */
  void execute(Runnable task);
}
