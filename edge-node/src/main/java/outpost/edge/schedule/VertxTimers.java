package outpost.edge.schedule;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Timers on a Vert.x context: tasks run on {@code context} whichever thread scheduled them. Time is
 * read from a {@link Clock} (the system clock in production).
 */
public final class VertxTimers implements Timers {
  private final Context context;
  private final Clock clock;

  public VertxTimers(Context context, Clock clock) {
    this.context = Objects.requireNonNull(context, "context");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Timers on {@code context} with the system clock. */
  public VertxTimers(Context context) {
    this(context, Clock.systemUTC());
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Vertx vertx = context.owner();
    // Vert.x timers take whole milliseconds, at least 1; round up so a task never runs early.
    long ms = Math.max(1, ceilMillis(delay));
    AtomicBoolean cancelled = new AtomicBoolean();
    long id = vertx.setTimer(ms, x -> execute(() -> {
      if (!cancelled.get()) {
        task.run();
      }
    }));
    // Effective at once from any thread; the flag also stops a task already handed to the context.
    return () -> {
      cancelled.set(true);
      vertx.cancelTimer(id);
    };
  }

  @Override
  public void execute(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }

  private static long ceilMillis(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return 0;
    }
    long ms = d.toMillis();
    return d.minusMillis(ms).isZero() ? ms : ms + 1;
  }
}
