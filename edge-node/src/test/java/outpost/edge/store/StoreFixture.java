package outpost.edge.store;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import outpost.common.sync.ChangeOutcome;

/** Opens real edge stores on temp folders and acknowledges their logs as a hub would. */
final class StoreFixture {
  private StoreFixture() {}

  /** Copies a data folder file by file, as it is at this moment: what a crash (kill -9) would leave. */
  static Path copy(Path from, Path to) throws java.io.IOException {
    java.nio.file.Files.createDirectories(to);
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(from)) {
      for (Path f : files.toList()) {
        java.nio.file.Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  static EdgeStore open(Path dir, Durability durability) {
    return EdgeStore.open(null, dir, "site-a", durability, c -> "central", Clock.systemUTC());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Every live record of a collection, by id, read through the paged listing {@code pageSize} at a time. */
  static java.util.Map<String, io.vertx.core.json.JsonObject> records(EdgeStore store, String collection,
      int pageSize) {
    java.util.Map<String, io.vertx.core.json.JsonObject> out = new java.util.HashMap<>();
    String after = null;
    do {
      EdgeStore.Page page = await(store.list(collection, after, pageSize));
      page.items().forEach(r -> out.put(r.id(), r.data()));
      after = page.next();
    } while (after != null);
    return out;
  }

  /**
   * Acknowledges every pending entry as APPLIED with fresh hub versions, the way a hub's answers do;
   * answers how many entries were acknowledged.
   */
  static long ackAll(EdgeStore store, long[] hubVersion) {
    long acked = 0;
    while (true) {
      List<LogEntry> entries = await(store.readLog("central", 0, 1000));
      if (entries.isEmpty()) {
        return acked;
      }
      List<ChangeOutcome> results = new ArrayList<>();
      for (LogEntry e : entries) {
        results.add(new ChangeOutcome(e.seq(), ChangeOutcome.Status.APPLIED, ++hubVersion[0], "", "", null,
            e.op() == outpost.common.merge.ChangeOp.DELETE, List.of()));
      }
      await(store.applyPushResults("central", "sync-1", results));
      acked += entries.size();
    }
  }
}
