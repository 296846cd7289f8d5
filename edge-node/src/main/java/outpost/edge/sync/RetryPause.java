package outpost.edge.sync;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The wait between two connection attempts of a run: it ends when its time is up, or as soon as the run's owner
 * asks the run to stop (or interrupts its thread), so that stopping a node never waits out a backoff.
 */
final class RetryPause {
  private RetryPause() {}

  /**
   * Waits up to {@code millis}; answers true when the time ran out, false when the wait was cut short by
   * {@code stop} opening or an interrupt (the thread's interrupt status is kept).
   */
  static boolean await(long millis, CountDownLatch stop) {
    try {
      return !stop.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
