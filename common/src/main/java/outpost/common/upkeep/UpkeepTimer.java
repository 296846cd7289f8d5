package outpost.common.upkeep;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an upkeep round once shortly after start and then every interval, on Vert.x timers. The next round
 * is armed when the previous one has ended (a re-armed one-shot timer rather than {@code setPeriodic}), so
 * two rounds never overlap however long one takes. A failed round is logged and the schedule goes on.
 */
public final class UpkeepTimer {
  private static final Logger LOG = LoggerFactory.getLogger(UpkeepTimer.class);

  private final Vertx vertx;
  private final String name;
  private final Duration firstDelay;
  private final Duration interval;
  private final Supplier<Future<?>> round;
  private long timer = -1;
  private Future<?> running = Future.succeededFuture();
  private boolean stopped;

  /** @param round starts one round (it must not block: its work runs on the store's writer thread) */
  public UpkeepTimer(Vertx vertx, String name, Duration firstDelay, Duration interval, Supplier<Future<?>> round) {
    this.vertx = vertx;
    this.name = name;
    this.firstDelay = firstDelay;
    this.interval = interval;
    this.round = round;
  }

  /** The first round's delay for an interval: a minute, or the interval when it is shorter. */
  public static Duration firstDelay(Duration interval) {
    return interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
  }

  public void start() {
    arm(firstDelay);
  }

  private synchronized void arm(Duration delay) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> fire());
    }
  }

  private void fire() {
    Future<?> f;
    synchronized (this) {
      if (stopped) {
        return;
      }
      try {
        f = round.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      running = f;
    }
    f.onComplete(ar -> {
      if (ar.failed() && !isStopped()) {
        LOG.warn("{} failed; the next round is in {}", name, interval, ar.cause());
      }
      arm(interval);
    });
  }

  private synchronized boolean isStopped() {
    return stopped;
  }

  /** Cancels the next round; answers when the running one (if any) has ended, whatever its outcome. */
  public Future<Void> stop() {
    Future<?> last;
    synchronized (this) {
      stopped = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      last = running;
    }
    return last.transform(ar -> Future.succeededFuture());
  }
}
