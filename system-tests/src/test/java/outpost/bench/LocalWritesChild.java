package outpost.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import outpost.edge.store.Durability;
import outpost.edge.store.EdgeStore;

/**
 * Local writes through the store API (issue 3), in a child JVM at -Xmx128m. Command per line:
 * {@code store DIR DURABILITY WRITERS MILLIS [WINDOW]}: opens a fresh store in DIR, and WRITERS threads each put one
 * ~512-byte record with a random UUID id and wait for its acknowledgement before the next, for MILLIS
 * (after a warm-up of a quarter of that). With an optional WINDOW, each writer keeps up to that many puts in flight
 * instead of one (a pipelined client of the asynchronous API). {@code engine DIR MILLIS} measures MVStore alone
 * (see {@link #engine}). Answers {@code RESULT {json}} with records/s.
 */
public final class LocalWritesChild {
  private LocalWritesChild() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("quit")) {
      String[] cmd = line.trim().split(" ");
      JsonObject out;
      try {
        int window = cmd.length > 5 ? Integer.parseInt(cmd[5]) : 1;
        out = cmd[0].equals("engine") ? engine(Path.of(cmd[1]), Long.parseLong(cmd[2]))
            : run(vertx, Path.of(cmd[1]), Durability.parse(cmd[2]), Integer.parseInt(cmd[3]), Long.parseLong(cmd[4]),
                window);
      } catch (RuntimeException | InterruptedException e) {
        out = new JsonObject().put("errors", 1).put("error", e.toString());
      }
      System.out.println("RESULT " + out.encode());
      System.out.flush();
    }
    vertx.close();
    System.exit(0);
  }

  private static JsonObject run(Vertx vertx, Path dir, Durability durability, int writers, long millis, int window)
      throws InterruptedException {
    AtomicLong written = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong total = new AtomicLong();
    long cpuBefore = processCpuNanos();
    long bytesBefore = bytesWritten();
    long wallBefore = System.nanoTime();
    long all;
    try (EdgeStore store = EdgeStore.open(vertx, dir, "bench", durability, c -> "central", Clock.systemUTC())) {
      long warmUntil = System.nanoTime() + millis * 250_000L;
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int seed = w;
        Thread t = new Thread(() -> {
          Random random = new Random(seed);
          int n = 0;
          long end = warmUntil + millis * 1_000_000L;
          Semaphore inFlight = new Semaphore(window);
          while (System.nanoTime() < end) {
            boolean counted = System.nanoTime() >= warmUntil;
            inFlight.acquireUninterruptibly();
            store.put(Bench.collection(n), Bench.uuid(random), Bench.record(random, n)).onComplete(ar -> {
              inFlight.release();
              if (ar.failed()) {
                errors.incrementAndGet();
              } else {
                total.incrementAndGet();
                if (counted) {
                  written.incrementAndGet();
                }
              }
            });
            n++;
          }
          inFlight.acquireUninterruptibly(window);
        }, "writer-" + w);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      all = total.get();
    }
    JsonObject out = new JsonObject().put("durability", durability.name().toLowerCase(java.util.Locale.ROOT))
        .put("writers", writers).put("window", window).put("written", written.get()).put("errors", errors.get())
        .put("recordsPerSec", written.get() / (millis / 1000.0));
    return processFigures(out, all, cpuBefore, bytesBefore, wallBefore);
  }

  /**
   * Adds the whole-process figures over a run, warm-up included: CPU of every thread (writers, store, GC) and bytes
   * the process wrote to its files, per record written ({@code all}), and the wall time.
   */
  private static JsonObject processFigures(JsonObject out, long all, long cpuBefore, long bytesBefore,
      long wallBefore) {
    double cpuPerRecord = (processCpuNanos() - cpuBefore) / 1000.0 / Math.max(1, all);
    out.put("cpuMicrosPerRecord", Math.round(cpuPerRecord * 10) / 10.0)
        .put("wallSeconds", (System.nanoTime() - wallBefore) / 1e9);
    if (bytesBefore >= 0) {
      out.put("bytesWrittenPerRecord", (bytesWritten() - bytesBefore) / Math.max(1, all));
    }
    return out;
  }

  /**
   * The floor under every local write: one thread doing only what MVStore must do for a new record with a random
   * id (a {@code get} to find it absent and a {@code put} of its JSON text), in a file opened as the edge store
   * opens its own, committed in the background every ~4 MiB of unsaved pages as the store's checkpoints are. No
   * log entry, journal, JSON encoding, validation or hand-over between threads: a write through the store API does
   * all of this and more, so it can never be faster than this figure.
   */
  private static JsonObject engine(Path dir, long millis) {
    Random random = new Random(7);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      values.add(Bench.record(random, i).encode()); // encoded up front: the engine's work alone is timed
    }
    long cpuBefore = processCpuNanos();
    long bytesBefore = bytesWritten();
    long wallBefore = System.nanoTime();
    long written = 0;
    long all = 0;
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    org.h2.mvstore.MVStore mv = EdgeStore.openFile(dir.resolve("engine.mv.db"));
    try {
      org.h2.mvstore.MVMap<String, String> map = outpost.common.mvstore.Maps.strings(mv, "records");
      long warmUntil = System.nanoTime() + millis * 250_000L;
      long end = warmUntil + millis * 1_000_000L;
      for (int n = 0; System.nanoTime() < end; n++) {
        String key = new outpost.common.RecordKey(Bench.collection(n), Bench.uuid(random)).encode();
        if (map.get(key) == null) {
          map.put(key, values.get(n % values.size()));
        }
        if (mv.getUnsavedMemory() > EdgeStore.CHECKPOINT_UNSAVED_BYTES && mv.tryCommit() < 0) {
          mv.commit();
        }
        all++;
        if (System.nanoTime() >= warmUntil) {
          written++;
        }
      }
      mv.commit();
    } finally {
      mv.close();
    }
    return processFigures(new JsonObject().put("durability", "checkpoints only").put("writers", 1).put("window", 1)
        .put("written", written).put("errors", 0).put("recordsPerSec", written / (millis / 1000.0)), all, cpuBefore,
        bytesBefore, wallBefore);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Bytes this process has written (Linux {@code /proc/self/io} wchar), or -1 where that is not readable. */
  private static long bytesWritten() {
    try {
      for (String l : java.nio.file.Files.readAllLines(Path.of("/proc/self/io"))) {
        if (l.startsWith("wchar:")) {
          return Long.parseLong(l.substring(6).trim());
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
