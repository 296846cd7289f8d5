package outpost.common.upkeep;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store's background upkeep: on an {@link UpkeepTimer}, each round removes the sync runs that started more
 * than {@code historyDays} ago, then compacts the store's file when it has one and it is worth it ({@link
 * Compaction}). One log line per round that removed or rewrote something.
 */
public final class Upkeep {
  private static final Logger LOG = LoggerFactory.getLogger(Upkeep.class);

  /**
   * What the upkeep of one store needs.
   *
   * @param name names the upkeep in the log ("edge store upkeep")
   * @param clock the clock the cut-off is measured by (the store's)
   * @param purge removes the runs that started before a cut-off (epoch millis); answers how many
   * @param file the store's file, or null when the store has none of its own (PostgreSQL)
   * @param busy whether the store's owner writes heavily now (asked before each compaction step)
   */
  public record Spec(String name, int historyDays, Clock clock, LongFunction<Future<Integer>> purge,
      CompactableStore file, String fileName, BooleanSupplier busy) {}

  /** What one round did; {@code compaction} is null for a store without a file. */
  public record Round(int runsRemoved, Compaction.Result compaction) {}

  private final Spec spec;
  private final Compaction compaction;
  private final UpkeepTimer timer;
  private volatile boolean stopping;

  public Upkeep(Vertx vertx, Spec spec, Duration interval, Compaction.Settings settings) {
    this.spec = spec;
    this.compaction = spec.file() == null ? null
        : new Compaction(vertx, spec.file(), () -> stopping || spec.busy().getAsBoolean(), settings);
    this.timer = new UpkeepTimer(vertx, spec.name(), UpkeepTimer.firstDelay(interval), interval, this::runOnce);
  }

  /** Schedules the rounds: the first a minute after start (sooner for a shorter interval), then each interval. */
  public void start() {
    timer.start();
  }

  /** Stops scheduling; a running round stops before its next compaction step. Answers when it has ended. */
  public Future<Void> stop() {
    stopping = true;
    return timer.stop();
  }

  /** Runs one round now. */
  public Future<Round> runOnce() {
    long cutoff = spec.clock().millis() - Duration.ofDays(spec.historyDays()).toMillis();
    return spec.purge().apply(cutoff)
        .compose(removed -> (compaction == null ? Future.<Compaction.Result>succeededFuture(null) : compaction.run())
            .map(result -> new Round(removed, result)))
        .onSuccess(this::log);
  }

  private void log(Round round) {
    Compaction.Result c = round.compaction();
    String file = c == null ? "" : c.steps() > 0 ? "; " + c.describe(spec.fileName())
        : "; " + spec.fileName() + " not compacted (" + c.stoppedBecause() + ")";
    if (round.runsRemoved() == 0 && (c == null || c.steps() == 0)) {
      LOG.debug("{}: nothing to do{}", spec.name(), file);
    } else {
      LOG.info("{}: removed {} runs older than {} days{}", spec.name(), round.runsRemoved(), spec.historyDays(), file);
    }
  }
}
