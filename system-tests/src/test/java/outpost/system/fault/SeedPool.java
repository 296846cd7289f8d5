package outpost.system.fault;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs in-JVM seeds {@code outpost.faults.parallel} at a time. A seed spends most of its time waiting (timers,
 * sockets, sync runs), and the nodes of two seeds share nothing (their own ports, folders and PostgreSQL
 * schema), so two or three at once keep two cores busy. Each seed's lines go to its own buffer
 * ({@link SeedFlow#out()}, inherited by the threads the seed starts) and are printed as one block when its test
 * reports, so that the output of seeds running together never interleaves.
 */
final class SeedPool implements AutoCloseable {
  /** One at a time in the normal test command, which shares the machine with the suite; faults.sh runs 3. */
  static final int DEFAULT_PARALLEL = 1;
  static final int PARALLEL = Math.max(1, Integer.getInteger("outpost.faults.parallel", DEFAULT_PARALLEL));

  interface SeedBody {
    void run() throws Exception;
  }

  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
    Thread t = new Thread(r, "fault-seed-" + threads.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  /** One seed's outcome: its printed lines and what it threw, if anything. */
  static final class Result {
    private final CompletableFuture<Throwable> done = new CompletableFuture<>();
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();

    /** Waits for the seed, prints its lines, and rethrows its failure (which names the seed and its replay). */
    void report() throws Throwable {
      Throwable failure = done.get();
      System.out.print(lines.toString(StandardCharsets.UTF_8));
      System.out.flush();
      if (failure != null) {
        throw failure;
      }
    }
  }

  Result submit(SeedBody body) {
    Result result = new Result();
    pool.execute(() -> {
      PrintStream out = new PrintStream(result.lines, true, StandardCharsets.UTF_8);
      SeedFlow.OUT.set(out);
      Throwable failure = null;
      try {
        body.run();
      } catch (Throwable t) {
        failure = t;
      } finally {
        SeedFlow.OUT.remove();
        out.flush();
        result.done.complete(failure);
      }
    });
    return result;
  }

  @Override
  public void close() throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
      pool.shutdownNow();
      throw new AssertionError("seeds still running 10 minutes after the last one reported");
    }
  }
}
