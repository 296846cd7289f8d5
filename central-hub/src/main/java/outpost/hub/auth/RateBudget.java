package outpost.hub.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A budget of costly work per second: one token bucket for the whole process and one per key (a remote
 * address). {@link #take} spends from both or from neither; a unit is whatever the caller counts (calls,
 * or nanoseconds of work). It never blocks anyone for good:
 * buckets refill with time, and a key is only ever limited in how much work it gets done, not refused
 * by name. Thread-safe; each bucket is guarded by its own monitor, held for a few arithmetic operations.
 */
public final class RateBudget {
  /** Past this many tracked keys, full buckets are forgotten (a full bucket is the same as a new one). */
  private static final int MAX_KEYS = 10_000;

  private final double globalRate;
  private final double globalBurst;
  private final double keyRate;
  private final double keyBurst;
  private final LongSupplier nanoClock;
  private final Bucket global;
  private final Map<String, Bucket> perKey = new ConcurrentHashMap<>();

  /**
   * @param globalRate units a second for the whole process, {@code globalBurst} at most saved up
   * @param keyRate units a second for one key, {@code keyBurst} at most saved up
   */
  public RateBudget(double globalRate, double globalBurst, double keyRate, double keyBurst, LongSupplier nanoClock) {
    if (globalRate <= 0 || keyRate <= 0 || globalBurst <= 0 || keyBurst <= 0) {
      throw new IllegalArgumentException("rates and bursts must be positive");
    }
    this.globalRate = globalRate;
    this.globalBurst = globalBurst;
    this.keyRate = keyRate;
    this.keyBurst = keyBurst;
    this.nanoClock = nanoClock;
    this.global = new Bucket(globalBurst, nanoClock.getAsLong());
  }

  /** Spends one unit for {@code key} (null: the global bucket only); false when either bucket is empty. */
  public boolean take(String key) {
    return take(key, 1);
  }

  /**
   * Spends {@code units} (an estimate of work about to be done) from the key's bucket (none when null) and
   * the global one, or nothing; false when either holds less. {@link #settle} corrects the estimate.
   */
  public boolean take(String key, double units) {
    long now = nanoClock.getAsLong();
    Bucket own = key == null ? null : bucket(key, now);
    if (own != null && !own.take(now, keyRate, keyBurst, units)) {
      return false;
    }
    if (!global.take(now, globalRate, globalBurst, units)) {
      if (own != null) {
        own.adjust(units, keyBurst); // the key did no work: only the process-wide budget ran out
      }
      return false;
    }
    return true;
  }

  /** After work taken as {@code reserved} units turned out to cost {@code used}: gives back or owes the rest. */
  public void settle(String key, double reserved, double used) {
    Bucket own = key == null ? null : perKey.get(key);
    if (own != null) {
      own.adjust(reserved - used, keyBurst);
    }
    global.adjust(reserved - used, globalBurst);
  }

  public double globalRate() {
    return globalRate;
  }

  public double globalBurst() {
    return globalBurst;
  }

  private Bucket bucket(String key, long now) {
    Bucket b = perKey.get(key);
    if (b != null) {
      return b;
    }
    if (perKey.size() >= MAX_KEYS) {
      perKey.values().removeIf(x -> x.full(now, keyRate, keyBurst));
      if (perKey.size() >= MAX_KEYS) {
        perKey.clear(); // many keys at once: each gets its burst again, the global bucket still bounds the total
      }
    }
    return perKey.computeIfAbsent(key, k -> new Bucket(keyBurst, now));
  }

  private static final class Bucket {
    private double units;
    private long updatedNanos;

    Bucket(double units, long now) {
      this.units = units;
      this.updatedNanos = now;
    }

    synchronized boolean take(long now, double rate, double burst, double amount) {
      refill(now, rate, burst);
      if (units < amount) {
        return false;
      }
      units -= amount;
      return true;
    }

    /** A debt (negative) is allowed: work that cost more than reserved is paid for by later callers' waiting. */
    synchronized void adjust(double delta, double burst) {
      units = Math.min(burst, units + delta);
    }

    synchronized boolean full(long now, double rate, double burst) {
      refill(now, rate, burst);
      return units >= burst;
    }

    private void refill(long now, double rate, double burst) {
      if (now > updatedNanos) {
        units = Math.min(burst, units + (now - updatedNanos) / 1e9 * rate);
        updatedNanos = now;
      }
    }
  }
}
