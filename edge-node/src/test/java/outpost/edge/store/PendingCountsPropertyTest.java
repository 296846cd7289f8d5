package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import outpost.common.merge.ChangeOp;
import outpost.common.sync.ChangeOutcome;
import outpost.edge.store.impl.PendingCounts;

/**
 * The pending counts kept with the logs equal a full scan of the logs after every step of random sequences of
 * local writes, hub answers, discards, retries, renumbering, failed writes, restarts and kills (a real MVStore
 * file, closed and reopened, or dropped as a killed process leaves it), and restarts without a hub.
 */
class PendingCountsPropertyTest {
  private static final List<String> COLLECTIONS = List.of("notes", "items", "patients");
  private static final List<String> HUBS = List.of("central", "north");

  /** One thing done to the store. */
  sealed interface Step permits Put, Delete, Bulk, Answer, Discard, Retry, Renumber, FailedWrite, Reopen {}

  record Put(String collection, int id) implements Step {}

  record Delete(String collection, int id) implements Step {}

  record Bulk(String collection, List<Integer> ids) implements Step {}

  /** The hub answers up to {@code max} of its log's entries, all with one status. */
  record Answer(String hub, int max, ChangeOutcome.Status status) implements Step {}

  record Discard() implements Step {}

  record Retry() implements Step {}

  /** The hub says it processed this site's changes up to {@code ahead} past the last sequence handed out. */
  record Renumber(String hub, int ahead) implements Step {}

  /** A local write whose {@code failAt}-th step (a change, its journal record or the commit) fails. */
  record FailedWrite(String collection, List<Integer> ids, int failAt) implements Step {}

  /**
   * Closes the store, or drops it as a killed process would ({@code kill}), and opens it again; {@code
   * withoutNorth}: the hub "north" is no longer configured (its collections go to "central", its log stays).
   */
  record Reopen(boolean kill, boolean withoutNorth) implements Step {}

  @Property(tries = 60)
  void keptCountsEqualAScanAfterEveryStep(@ForAll("steps") List<Step> steps) throws IOException {
    Path dir = Files.createTempDirectory("pending-counts");
    boolean[] withoutNorth = {false};
    EdgeStore store = open(dir, false);
    long[] hubVersion = {0};
    try {
      check(store, "opened");
      for (int i = 0; i < steps.size(); i++) {
        Step step = steps.get(i);
        if (step instanceof Reopen r) {
          if (r.kill()) {
            store.abandon();
          }
          store.close();
          withoutNorth[0] = r.withoutNorth();
          store = open(dir, withoutNorth[0]);
        } else {
          apply(store, step, hubVersion);
        }
        check(store, "after step " + i + " " + step + " of " + steps);
      }
    } finally {
      store.close();
      delete(dir);
    }
  }

  private static EdgeStore open(Path dir, boolean withoutNorth) {
    return EdgeStore.open(null, dir, "site-a", Durability.COMMIT,
        c -> c.equals("items") && !withoutNorth ? "north" : "central", Clock.systemUTC());
  }

  private static void apply(EdgeStore store, Step step, long[] hubVersion) {
    if (step instanceof Put p) {
      StoreFixture.await(store.put(p.collection(), "r" + p.id(), value(p.id())));
    } else if (step instanceof Delete d) {
      StoreFixture.await(store.delete(d.collection(), "r" + d.id()));
    } else if (step instanceof Bulk b) {
      StoreFixture.await(store.putAll(b.collection(), bulk(b.ids())));
    } else if (step instanceof Answer a) {
      answer(store, a, hubVersion);
    } else if (step instanceof Discard) {
      List<JsonObject> failed = StoreFixture.await(new FailedItems(store).list());
      if (!failed.isEmpty()) {
        StoreFixture.await(new FailedItems(store).discard(failed.get(0).getLong("seq")));
      }
    } else if (step instanceof Retry) {
      StoreFixture.await(new FailedItems(store).retry(null));
    } else if (step instanceof Renumber r) {
      StoreFixture.await(store.adoptHubSequence(r.hub(), StoreFixture.await(store.lastSeq()) + r.ahead()));
    } else if (step instanceof FailedWrite f) {
      failedWrite(store, f);
    } else {
      throw new IllegalArgumentException("not a store call: " + step);
    }
  }

  private static void failedWrite(EdgeStore store, FailedWrite f) {
    AtomicInteger steps = new AtomicInteger();
    store.beforeEachStep(() -> {
      if (steps.incrementAndGet() == f.failAt()) {
        throw new IllegalStateException("step " + f.failAt() + " fails");
      }
    });
    try {
      StoreFixture.await(store.putAll(f.collection(), bulk(f.ids())));
    } catch (RuntimeException failedStep) {
      // failed at the chosen step (a write with fewer steps goes through): nothing of it may stay
    } finally {
      store.beforeEachStep(() -> { });
    }
  }

  private static JsonObject value(int id) {
    return new JsonObject().put("text", "v" + id + "-" + System.nanoTime());
  }

  private static List<EdgeStore.BulkItem> bulk(List<Integer> ids) {
    return ids.stream().distinct().map(id -> new EdgeStore.BulkItem("r" + id, value(id))).toList();
  }

  private static void answer(EdgeStore store, Answer a, long[] hubVersion) {
    List<LogEntry> entries = StoreFixture.await(store.readLog(a.hub(), 0, a.max()));
    List<ChangeOutcome> results = new ArrayList<>();
    for (LogEntry e : entries) {
      boolean delete = e.op() == ChangeOp.DELETE;
      results.add(switch (a.status()) {
        case REJECTED -> new ChangeOutcome(e.seq(), a.status(), 0, "REJECTED", "refused by a test", null, false,
            List.of());
        case CONFLICT -> new ChangeOutcome(e.seq(), a.status(), ++hubVersion[0], "CONFLICT", "both changed",
            new JsonObject().put("text", "hub"), false, List.of("text"));
        case APPLIED, MERGED, DUPLICATE -> new ChangeOutcome(e.seq(), a.status(), ++hubVersion[0], "", "", null,
            delete, List.of());
      });
    }
    StoreFixture.await(store.applyPushResults(a.hub(), "sync-" + hubVersion[0], results));
  }

  /** The kept counts of every hub, the one it was ever routed to included, against a scan of its log. */
  private static void check(EdgeStore store, String when) {
    for (String hub : HUBS) {
      Map<String, Long> scanned = StoreFixture.await(store.worker().read(
          () -> PendingCounts.scan(store.maps().log(hub))));
      assertEquals(scanned, store.pendingByCollection(hub), hub + " per collection, " + when);
      assertEquals(scanned.values().stream().mapToLong(Long::longValue).sum(), store.pending(hub),
          hub + " in all, " + when);
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<String> collection = Arbitraries.of(COLLECTIONS);
    Arbitrary<Integer> id = Arbitraries.integers().between(0, 5);
    Arbitrary<List<Integer>> ids = id.list().ofMinSize(1).ofMaxSize(4);
    Arbitrary<String> hub = Arbitraries.of(HUBS);
    Arbitrary<Step> put = Combinators.combine(collection, id).as(Put::new);
    Arbitrary<Step> delete = Combinators.combine(collection, id).as(Delete::new);
    Arbitrary<Step> bulk = Combinators.combine(collection, ids).as(Bulk::new);
    Arbitrary<Step> answer = Combinators.combine(hub, Arbitraries.integers().between(1, 6),
        Arbitraries.of(ChangeOutcome.Status.class)).as(Answer::new);
    Arbitrary<Step> renumber = Combinators.combine(hub, Arbitraries.integers().between(1, 3)).as(Renumber::new);
    Arbitrary<Step> failed = Combinators.combine(collection, ids, Arbitraries.integers().between(1, 12))
        .as(FailedWrite::new);
    Arbitrary<Step> reopen = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(false, false, true))
        .as(Reopen::new);
    return Arbitraries.frequencyOf(Tuple.of(8, put), Tuple.of(3, delete), Tuple.of(3, bulk), Tuple.of(6, answer),
        Tuple.of(2, Arbitraries.just(new Discard())), Tuple.of(2, Arbitraries.just(new Retry())),
        Tuple.of(1, renumber), Tuple.of(2, failed), Tuple.of(3, reopen)).list().ofMinSize(1).ofMaxSize(30);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
