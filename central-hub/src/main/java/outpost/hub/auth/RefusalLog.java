package outpost.hub.auth;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs refused credentials with the remote address, a few lines a second at most: a flood of wrong
 * tokens must not fill the disk or bury other lines. Lines left out are counted and the count is given
 * with the next line written. Never receives a token, only what may be shown.
 */
final class RefusalLog {
  private final Logger log;
  private final RateBudget lines = new RateBudget(5, 20, 1, 5, System::nanoTime);
  private final AtomicLong suppressed = new AtomicLong();

  RefusalLog(Logger log) {
    this.log = log;
  }

  /** Logs {@code line} (which names the peer) unless {@code peer} or everyone logged too much just now. */
  void warn(String peer, String line) {
    if (!lines.take(peer)) {
      suppressed.incrementAndGet();
      return;
    }
    long left = suppressed.getAndSet(0);
    if (left == 0) {
      log.warn(line);
    } else {
      log.warn("{} ({} similar lines left out since the last one)", line, left);
    }
  }
}
