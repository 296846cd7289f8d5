package outpost.hub.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Refuses a key (a site id or a peer address) outright for a cooldown after too many failed
 * authentications within a window, so that guessing tokens costs no bcrypt time on the hub.
 */
public final class FailureThrottle {
  private final int maxFailures;
  private final long windowMillis;
  private final long cooldownMillis;
  private final LongSupplier clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
  private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();

  public FailureThrottle(int maxFailures, long windowMillis, long cooldownMillis, LongSupplier clock) {
    this.maxFailures = maxFailures;
    this.windowMillis = windowMillis;
    this.cooldownMillis = cooldownMillis;
    this.clock = clock;
  }

  /** The per-site throttle (kept for callers written before the per-peer split). */
  public static FailureThrottle standard() {
    return perSite();
  }

  /** Per site: 5 failures within a minute block the site id for a minute. */
  public static FailureThrottle perSite() {
    return new FailureThrottle(5, 60_000, 60_000, System::currentTimeMillis);
  }

  /** Per remote address: 50 failures within a minute block it for a minute. */
  public static FailureThrottle perPeer() {
    return new FailureThrottle(50, 60_000, 60_000, System::currentTimeMillis);
  }

  public boolean blocked(String key) {
    Long until = blockedUntil.get(key);
    if (until == null) {
      return false;
    }
    if (clock.getAsLong() >= until) {
      blockedUntil.remove(key, until);
      return false;
    }
    return true;
  }

  public void failed(String key) {
    long now = clock.getAsLong();
    Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(now);
      while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
        times.removeFirst();
      }
      if (times.size() >= maxFailures) {
        blockedUntil.put(key, now + cooldownMillis);
        times.clear();
      }
    }
    if (failures.size() > 10_000) {
      failures.clear(); // bounded: a flood of distinct keys cannot grow this map without limit
    }
  }

  public void succeeded(String key) {
    failures.remove(key);
  }
}
