package outpost.hub.store.pg;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.hub.store.PullPage;

/**
 * Pull pages read from a PostgreSQL streaming replica, with the primary as the fallback.
 *
 * <p>Versions are numbered under the primary's head lock, so commits happen in version order and a
 * standby, replaying WAL in commit order, only ever shows a gap-free prefix of the versions: a snapshot
 * with head h holds every version up to h. A replica's page is therefore served only when its
 * snapshot's head reaches {@code max(cursor, floor)} (the floor being the primary's head when the call
 * started): the page can then neither skip a change nor answer a cursor older than one the site or the
 * primary already saw. A replica below that waits up to the lag bound for replay to catch up; past it
 * the replica is marked behind and pages go to the primary until a snapshot reaches the need again.
 * A replica that fails is marked down and left alone for {@link #DOWN_RETRY}; the page is read from
 * the primary, so a pull in progress continues there from its cursor.
 */
final class ReplicaPulls {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaPulls.class);
  /** How long a replica that failed is left alone before a pull tries it again. */
  static final Duration DOWN_RETRY = Duration.ofSeconds(5);
  /** How often a page waiting for replay looks at the replica's head again. */
  private static final long POLL_MILLIS = 10;

  private enum State { SERVING, BEHIND, DOWN }

  private final Vertx vertx;
  private final PgReads replica;
  private final Pool replicaPool;
  private final long maxLagMillis;
  private volatile State state = State.SERVING;
  private volatile long downUntil;
  private final AtomicLong replicaPages = new AtomicLong();
  private final AtomicLong primaryPages = new AtomicLong();
  private final AtomicLong lagFallbacks = new AtomicLong();
  private final AtomicLong downFallbacks = new AtomicLong();

  ReplicaPulls(Vertx vertx, Pool replicaPool, PgReads replica, Duration maxLag) {
    this.vertx = vertx;
    this.replicaPool = replicaPool;
    this.replica = replica;
    this.maxLagMillis = maxLag.toMillis();
  }

  /** One page: from the replica when its snapshot reaches {@code max(cursor, floor)}, else from the primary. */
  Future<PullPage> pull(PgReads primary, String site, Set<String> collections, long cursor, int limit,
      long acknowledgedSeq, long floor) {
    long need = Math.max(cursor, floor);
    if (state == State.DOWN && System.currentTimeMillis() < downUntil) {
      return fromPrimary(primary, site, collections, cursor, limit, acknowledgedSeq);
    }
    return replica.read(site, collections, cursor, limit, acknowledgedSeq).transform(ar -> {
      if (ar.failed()) {
        markDown(ar.cause());
        return fromPrimary(primary, site, collections, cursor, limit, acknowledgedSeq);
      }
      if (ar.result().head() >= need) {
        return Future.succeededFuture(served(ar.result().page()));
      }
      if (state != State.SERVING) {
        return fromPrimary(primary, site, collections, cursor, limit, acknowledgedSeq);
      }
      return awaitReplay(need, System.currentTimeMillis() + maxLagMillis).transform(caughtUp -> {
        if (caughtUp.failed()) {
          markDown(caughtUp.cause());
          return fromPrimary(primary, site, collections, cursor, limit, acknowledgedSeq);
        }
        if (!caughtUp.result()) {
          markBehind(need);
          return fromPrimary(primary, site, collections, cursor, limit, acknowledgedSeq);
        }
        return pull(primary, site, collections, cursor, limit, acknowledgedSeq, floor);
      });
    });
  }

  /** Answers true once the replica's head reaches {@code need}, false at the deadline. */
  private Future<Boolean> awaitReplay(long need, long deadline) {
    return replica.head().compose(head -> {
      if (head >= need) {
        return Future.succeededFuture(true);
      }
      if (System.currentTimeMillis() >= deadline) {
        return Future.succeededFuture(false);
      }
      Promise<Boolean> later = Promise.promise();
      vertx.setTimer(POLL_MILLIS, id -> awaitReplay(need, deadline).onComplete(later));
      return later.future();
    });
  }

  private PullPage served(PullPage page) {
    replicaPages.incrementAndGet();
    if (state != State.SERVING) {
      state = State.SERVING;
      LOG.info("PostgreSQL read replica caught up: pulls are served from it again");
    }
    return page;
  }

  private Future<PullPage> fromPrimary(PgReads primary, String site, Set<String> collections, long cursor, int limit,
      long acknowledgedSeq) {
    primaryPages.incrementAndGet();
    return primary.pull(site, collections, cursor, limit, acknowledgedSeq);
  }

  private void markBehind(long need) {
    lagFallbacks.incrementAndGet();
    state = State.BEHIND;
    LOG.warn("PostgreSQL read replica lags more than {} ms (its replay has not reached hub version {}): "
        + "pulls are served from the primary until it catches up", maxLagMillis, need);
  }

  private void markDown(Throwable cause) {
    downFallbacks.incrementAndGet();
    boolean wasDown = state == State.DOWN;
    state = State.DOWN;
    downUntil = System.currentTimeMillis() + DOWN_RETRY.toMillis();
    if (!wasDown) {
      LOG.warn("PostgreSQL read replica failed ({}): pulls are served from the primary; retrying it every {} s",
          PgErrors.map(cause).getMessage(), DOWN_RETRY.toSeconds());
    }
  }

  /** Registers the read routing's meters (docs/operations.md, "Pulls from a streaming replica"). */
  void bind(MeterRegistry registry) {
    FunctionCounter.builder("outpost.hub.pg.read.pages", replicaPages, AtomicLong::get).tag("source", "replica")
        .description("Pull pages read from the PostgreSQL read replica or the primary").register(registry);
    FunctionCounter.builder("outpost.hub.pg.read.pages", primaryPages, AtomicLong::get).tag("source", "primary")
        .description("Pull pages read from the PostgreSQL read replica or the primary").register(registry);
    FunctionCounter.builder("outpost.hub.pg.read.fallbacks", lagFallbacks, AtomicLong::get).tag("reason", "lag")
        .description("Times the read replica was set aside for pulls: replay lagged past the bound, or it failed")
        .register(registry);
    FunctionCounter.builder("outpost.hub.pg.read.fallbacks", downFallbacks, AtomicLong::get).tag("reason", "down")
        .description("Times the read replica was set aside for pulls: replay lagged past the bound, or it failed")
        .register(registry);
    Gauge.builder("outpost.hub.pg.read.replica.serving", this, r -> r.state == State.SERVING ? 1 : 0)
        .description("1 while pulls are read from the PostgreSQL read replica, 0 while they fall back to the primary")
        .register(registry);
  }

  Future<Void> close() {
    return replicaPool.close();
  }
}
