package outpost.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call's serial executor: submission order, one task at a time, whatever thread submits or runs. */
class SerialExecutorTest {
  private static final int THREADS = 8;
  private static final int TASKS_PER_THREAD = 20_000;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void tasksFromManyThreadsRunOneAtATimeInTheOrderEachThreadSubmittedThem() throws Exception {
    SerialExecutor serial = new SerialExecutor(pool, failures::add);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    // Plain fields touched only by tasks: the executor alone must make each task see the one before it.
    int[] lastSeen = new int[THREADS];
    long[] total = {0};
    int[] outOfOrder = {0};
    CountDownLatch done = new CountDownLatch(THREADS * TASKS_PER_THREAD);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int submitter = t;
      Thread thread = new Thread(() -> {
        awaitQuietly(go);
        for (int i = 1; i <= TASKS_PER_THREAD; i++) {
          int n = i;
          serial.execute(() -> {
            if (running.incrementAndGet() != 1) {
              overlaps.incrementAndGet();
            }
            if (lastSeen[submitter] != n - 1) {
              outOfOrder[0]++;
            }
            lastSeen[submitter] = n;
            total[0]++;
            running.decrementAndGet();
            done.countDown();
          });
        }
      });
      thread.start();
      submitters.add(thread);
    }
    go.countDown();
    assertTrue(done.await(60, TimeUnit.SECONDS), "every task ran");
    for (Thread thread : submitters) {
      thread.join(10_000);
    }
    CountDownLatch read = new CountDownLatch(1);
    long[] seen = new long[1];
    int[] disorder = new int[1];
    serial.execute(() -> {
      seen[0] = total[0];
      disorder[0] = outOfOrder[0];
      read.countDown();
    });
    assertTrue(read.await(10, TimeUnit.SECONDS));
    assertEquals(0, overlaps.get(), "two tasks ran at once");
    assertEquals(0, disorder[0], "a task ran before one submitted earlier by the same thread");
    assertEquals((long) THREADS * TASKS_PER_THREAD, seen[0], "a task missed another's write");
    assertEquals(List.of(), failures);
  }

  @Test
  void aTaskSubmittedByATaskRunsAfterItNotInsideIt() throws Exception {
    SerialExecutor serial = new SerialExecutor(pool, failures::add);
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    serial.execute(() -> {
      order.add("first starts");
      serial.execute(() -> {
        order.add("second");
        done.countDown();
      });
      order.add("first ends");
    });
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(List.of("first starts", "first ends", "second"), order);
  }

  @Test
  void aTaskThatThrowsIsReportedAndTheTasksAfterItStillRun() throws Exception {
    SerialExecutor serial = new SerialExecutor(pool, failures::add);
    IllegalStateException boom = new IllegalStateException("boom");
    CountDownLatch done = new CountDownLatch(1);
    serial.execute(() -> {
      throw boom;
    });
    serial.execute(done::countDown);
    assertTrue(done.await(10, TimeUnit.SECONDS), "the task after the failure ran");
    assertEquals(List.of(boom), failures);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
