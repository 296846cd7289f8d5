package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import outpost.common.sync.ChangeOutcome;

/**
 * What a crash leaves is what a copy of the data folder taken at that moment holds: the MVStore file as far as
 * its checkpoints got (one may be half written by MVStore's serialization thread) and the two journals. Copies
 * taken right after batches of acknowledged writes, while pipelined checkpoints are being stored, each reopen
 * with every acknowledged write and a log that agrees with the records.
 */
class JournalRecoveryTest {
  @TempDir
  Path dir;

  /** Both durabilities: under fsync every group also forces its journal records before it is acknowledged. */
  @ParameterizedTest
  @EnumSource(Durability.class)
  void copiesTakenWhileCheckpointsAreStoredReopenWithEveryAcknowledgedWrite(Durability durability) throws Exception {
    long seed = System.nanoTime();
    System.out.println("JournalRecoveryTest seed " + seed + " " + durability);
    Random random = new Random(seed);
    Path data = dir.resolve("data");
    Map<String, Integer> live = new HashMap<>();
    List<Map<String, Integer>> expected = new ArrayList<>();
    List<Path> copies = new ArrayList<>();
    String pad = "p".repeat(300);
    try (EdgeStore store = StoreFixture.open(data, durability)) {
      int n = 0;
      for (int round = 0; round < 6; round++) {
        List<Future<?>> acks = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
          int pick = random.nextInt(10);
          if (pick == 0 && !live.isEmpty()) {
            String id = live.keySet().iterator().next();
            live.remove(id);
            acks.add(store.delete("notes", id));
          } else {
            String id = pick < 3 && !live.isEmpty() ? "r" + random.nextInt(n) : "r" + n;
            n++;
            int value = random.nextInt(1_000_000);
            if (id.equals("r" + (n - 1)) || live.containsKey(id)) {
              live.put(id, value);
              acks.add(store.put("notes", id, new JsonObject().put("v", value).put("pad", pad)));
            }
          }
        }
        StoreFixture.await(Future.all(acks));
        expected.add(new HashMap<>(live));
        copies.add(StoreFixture.copy(data, dir.resolve("crash-" + round)));
      }
    }
    for (int i = 0; i < copies.size(); i++) {
      try (EdgeStore reopened = StoreFixture.open(copies.get(i), durability)) {
        Map<String, Integer> want = expected.get(i);
        Map<String, Integer> got = new HashMap<>();
        StoreFixture.records(reopened, "notes", 1_000).forEach((id, value) -> got.put(id, value.getInteger("v")));
        List<String> wrong = new ArrayList<>();
        want.forEach((id, v) -> {
          if (!v.equals(got.get(id))) {
            wrong.add(id + ": wrote " + v + ", reads " + got.get(id));
          }
        });
        got.keySet().stream().filter(id -> !want.containsKey(id)).forEach(id -> wrong.add(id + ": not written"));
        assertTrue(wrong.isEmpty(), "copy " + i + " (seed " + seed + "): " + wrong.size() + " records differ from "
            + "the acknowledged writes, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
        List<LogEntry> log = StoreFixture.await(reopened.readLog("central", 0, 1_000_000));
        long pendingRecords = log.stream().map(LogEntry::id).distinct().count();
        assertEquals(log.size(), pendingRecords, "one log entry per record");
        for (LogEntry e : log) {
          Integer value = want.get(e.id());
          if (value != null) {
            assertEquals(value, e.data().getInteger("v"), "the log carries the record's latest value");
          } else {
            assertTrue(e.op() == outpost.common.merge.ChangeOp.DELETE, "a deleted record's entry is a delete");
          }
        }
      }
    }
  }

  /**
   * Should the MVStore file come back one checkpoint older than its journals (a lost commit), the writes of that
   * checkpoint's epoch are still in the other journal file, kept until the next checkpoint, and are replayed.
   */
  @Test
  void aFileOneCheckpointBehindItsJournalsStillGetsEveryWrite() throws Exception {
    Path data = dir.resolve("data");
    Path older = dir.resolve("older.mv.db");
    Path crash = dir.resolve("crash");
    try (EdgeStore store = StoreFixture.open(data, Durability.COMMIT)) {
      StoreFixture.await(store.put("notes", "before", new JsonObject().put("v", 1)));
      StoreFixture.await(store.write(() -> null)); // a checkpoint
      Files.copy(data.resolve(EdgeStore.FILE_NAME), older);
      StoreFixture.await(store.put("notes", "between", new JsonObject().put("v", 2)));
      StoreFixture.await(store.write(() -> null)); // the checkpoint the older file lacks
      StoreFixture.await(store.put("notes", "after", new JsonObject().put("v", 3)));
      StoreFixture.copy(data, crash);
    }
    Files.copy(older, crash.resolve(EdgeStore.FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (EdgeStore reopened = StoreFixture.open(crash, Durability.COMMIT)) {
      for (String id : List.of("before", "between", "after")) {
        assertTrue(StoreFixture.await(reopened.get("notes", id)).isPresent(), id + " is there");
      }
      assertEquals(3, StoreFixture.await(reopened.readLog("central", 0, 100)).size(), "and so are their log entries");
    }
  }

  /**
   * With pushes acknowledged between the writes (a hub that applies each entry's changed fields, as MergeRules
   * does), the live store and every copy taken along the way hold a log that brings that hub to exactly the edge's
   * records. Writes that drop a field, deletions, and records recreated over a pending deletion are all in the
   * mix; the last of these lost a field removal before deletions named their fields (docs/reliability.md).
   */
  @Test
  void replayedWritesBringAHubToTheEdgesRecords() throws Exception {
    long seed = System.nanoTime();
    System.out.println("JournalRecoveryTest push seed " + seed);
    Random random = new Random(seed);
    Path data = dir.resolve("data");
    Map<String, JsonObject> hub = new HashMap<>();
    List<Map<String, JsonObject>> hubAtCopy = new ArrayList<>();
    List<Path> copies = new ArrayList<>();
    long[] version = {0};
    try (EdgeStore store = StoreFixture.open(data, Durability.COMMIT)) {
      for (int round = 0; round < 40; round++) {
        List<Future<?>> acks = new ArrayList<>();
        for (int i = 0; i < 50 + random.nextInt(300); i++) {
          String id = "r" + random.nextInt(200);
          if (random.nextInt(12) == 0) {
            acks.add(store.delete("notes", id));
          } else {
            JsonObject value = new JsonObject().put("v", random.nextInt(1000))
                .put("pad", "p".repeat(random.nextInt(300)));
            if (random.nextBoolean()) {
              value.put("n", random.nextInt(1000)); // present in some writes only: the others remove it
            }
            acks.add(store.put("notes", id, value));
          }
        }
        StoreFixture.await(Future.all(acks));
        if (random.nextInt(3) == 0) {
          // A push of everything pending, applied by the model hub, then acknowledged.
          List<LogEntry> log = StoreFixture.await(store.readLog("central", 0, 1_000_000));
          List<ChangeOutcome> results = new ArrayList<>();
          for (LogEntry e : log) {
            applyTo(hub, e);
            results.add(new ChangeOutcome(e.seq(), ChangeOutcome.Status.APPLIED, ++version[0], "", "", null,
                e.op() == outpost.common.merge.ChangeOp.DELETE, List.of()));
          }
          StoreFixture.await(store.applyPushResults("central", "sync", results));
        }
        if (random.nextInt(4) == 0) {
          hubAtCopy.add(copyOf(hub));
          copies.add(StoreFixture.copy(data, dir.resolve("crash-" + round)));
        }
      }
      Map<String, JsonObject> live = copyOf(hub);
      for (LogEntry e : StoreFixture.await(store.readLog("central", 0, 1_000_000))) {
        applyTo(live, e);
      }
      assertEquals(new java.util.TreeMap<>(StoreFixture.records(store, "notes", 1_000)),
          new java.util.TreeMap<>(live),
          "(seed " + seed + ") without a crash, the hub after the log holds the edge's records");
    }
    for (int i = 0; i < copies.size(); i++) {
      try (EdgeStore reopened = StoreFixture.open(copies.get(i), Durability.COMMIT)) {
        Map<String, JsonObject> pushedTo = hubAtCopy.get(i);
        for (LogEntry e : StoreFixture.await(reopened.readLog("central", 0, 1_000_000))) {
          applyTo(pushedTo, e);
        }
        assertEquals(new java.util.TreeMap<>(StoreFixture.records(reopened, "notes", 1_000)),
            new java.util.TreeMap<>(pushedTo),
            "copy " + i + " (seed " + seed + "): the hub, after the copy's log, holds the edge's records");
      }
    }
  }

  /** What a hub does with an entry: the changed fields take the entry's values (absent ones are removed). */
  private static void applyTo(Map<String, JsonObject> hub, LogEntry e) {
    if (e.op() == outpost.common.merge.ChangeOp.DELETE) {
      hub.remove(e.id());
      return;
    }
    JsonObject cur = hub.computeIfAbsent(e.id(), k -> new JsonObject());
    for (String f : e.changedFields()) {
      if (e.data().containsKey(f)) {
        cur.put(f, e.data().getValue(f));
      } else {
        cur.remove(f);
      }
    }
  }

  private static Map<String, JsonObject> copyOf(Map<String, JsonObject> hub) {
    Map<String, JsonObject> out = new HashMap<>();
    hub.forEach((k, v) -> out.put(k, v.copy()));
    return out;
  }
}
