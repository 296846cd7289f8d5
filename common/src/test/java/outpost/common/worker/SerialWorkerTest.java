package outpost.common.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit with a commit delay: when commits flush the disk, a group waits for the writers seen lately so that
 * they share one flush; a lone writer is never held.
 */
class SerialWorkerTest {
  /** Far longer than any test step: a group that waited for it would fail the test's deadline. */
  private static final long DELAY_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final CountingDurability durability = new CountingDurability();
  private final SerialWorker worker = new SerialWorker("w", null, durability, 100);

  @AfterEach
  void close() {
    worker.close();
  }

  @Test
  void aLoneWriterIsNeverHeldForTheDelay() throws Exception {
    for (int i = 0; i < 5; i++) {
      int n = i;
      assertEquals(n, get(worker.write(() -> n)));
    }
    assertEquals(5, durability.commits.get(), "each write of a lone writer is its own group");
  }

  @Test
  void writersSeenInTheLastGroupShareTheNextFlush() throws Exception {
    concurrentGroupOf(4);
    assertEquals(1, durability.commits.get());

    Future<Integer> first = worker.write(() -> 1);
    Thread.sleep(100); // the worker has run the first write and waits for the other three
    assertFalse(first.isComplete(), "the group waits for the writers seen in the last one");
    List<Future<Integer>> rest = new ArrayList<>();
    for (int i = 2; i <= 4; i++) {
      int n = i;
      rest.add(worker.write(() -> n));
    }
    assertEquals(1, get(first));
    for (Future<Integer> f : rest) {
      get(f);
    }
    assertEquals(2, durability.commits.get(), "the four writes shared one commit");
  }

  @Test
  void readsAloneAndStoresWhoseCommitsDoNotFlushNeverWait() throws Exception {
    concurrentGroupOf(4);
    assertEquals("r", get(worker.read(() -> "r")), "a group of reads commits nothing and waits for no one");
    durability.delay = 0;
    assertEquals(1, get(worker.write(() -> 1)), "no delay when a commit does not flush the disk");
  }

  /**
   * Holds the worker in a read while {@code n} writes queue: they then run as one group and commit once, and the
   * worker has seen {@code n} writers.
   */
  private void concurrentGroupOf(int n) throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    worker.read(() -> {
      running.countDown();
      release.await();
      return null;
    });
    assertTrue(running.await(5, TimeUnit.SECONDS));
    int before = durability.commits.get();
    List<Future<Integer>> writes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      writes.add(worker.write(() -> 0));
    }
    release.countDown();
    for (Future<Integer> f : writes) {
      get(f);
    }
    assertEquals(before + 1, durability.commits.get(), "the queued writes were one group");
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Counts commits and asks for a long delay, as a store whose commits flush the disk would. */
  private static final class CountingDurability implements SerialWorker.Durability {
    final AtomicInteger commits = new AtomicInteger();
    volatile long delay = DELAY_NANOS;

    @Override
    public void commit() {
      commits.incrementAndGet();
    }

    @Override
    public void rollback() {}

    @Override
    public long groupDelayNanos() {
      return delay;
    }
  }
}
