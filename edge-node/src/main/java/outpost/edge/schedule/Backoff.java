package outpost.edge.schedule;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Retry delays after failed runs: exponential from {@code initial}, doubled per consecutive failure,
 * capped at {@code max}, with "equal jitter": the delay is drawn from [cap/2, cap] so that sites that
 * failed together (a hub restart) do not all retry at the same instant, yet the delay still grows.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier jitter;

  /**
   * @param jitter a source of numbers in [0, 1] (values outside are clamped): 0 gives half the capped
   *     delay, 1 the whole of it. Tests pass a constant.
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier jitter) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
  }

  /** The capped delay before jitter after {@code failures} consecutive failures (1 = the first). */
  public Duration ceiling(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be >= 1, got " + failures);
    }
    Duration d = initial;
    for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /** The delay to wait after {@code failures} consecutive failures, jitter applied. */
  public Duration delay(int failures) {
    Duration ceiling = ceiling(failures);
    double r = Math.min(1.0, Math.max(0.0, jitter.getAsDouble()));
    long nanos = ceiling.toNanos();
    return Duration.ofNanos(nanos / 2 + Math.round((nanos - nanos / 2) * r));
  }
}
