package outpost.edge.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The wait between two connection attempts of a run: it ends when its time is up, or as soon as the run's owner
 * asks the run to stop (or interrupts its thread), so that stopping a node never waits out a backoff.
 */
final class RetryPause {
  /**
   * How often a pause looks at the stop request. The run's stop is a flag its owner sets, with no way to wake a
   * waiter, so the pause parks in short slices: stopping waits at most about this long for a run in backoff.
   */
  static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private RetryPause() {}

  /**
   * Waits up to {@code millis}; answers true when the time ran out, false when the wait was cut short by
   * {@code stopRequested} or an interrupt (the thread's interrupt status is kept).
   */
  static boolean await(long millis, BooleanSupplier stopRequested) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!stopRequested.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      LockSupport.parkNanos(Math.min(left, SLICE_NANOS));
    }
    return false;
  }
}
