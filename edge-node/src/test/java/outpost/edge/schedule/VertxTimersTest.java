package outpost.edge.schedule;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Vert.x timers on a real Vert.x: tasks run on the owning context, cancelled ones never. */
@ExtendWith(VertxExtension.class)
class VertxTimersTest {

  @Test
  void tasksScheduledFromAnotherThreadRunOnTheOwningContext(Vertx vertx, VertxTestContext test)
      throws Exception {
    Context context = vertx.getOrCreateContext();
    VertxTimers timers = new VertxTimers(context);
    AtomicBoolean cancelledRan = new AtomicBoolean();
    // Scheduled and cancelled from the JUnit thread, not from the context. The delay leaves room for
    // a cold JVM's first lambda bootstrap between schedule() and cancel().
    Cancellable off = timers.schedule(Duration.ofMillis(200), () -> cancelledRan.set(true));
    off.cancel();
    long before = System.nanoTime();
    timers.schedule(Duration.ofMillis(400), () -> test.verify(() -> {
      assertSame(context, Vertx.currentContext());
      assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(400), "ran early");
      test.completeNow();
    }));
    timers.execute(() -> test.verify(() -> assertSame(context, Vertx.currentContext())));
    assertTrue(test.awaitCompletion(10, TimeUnit.SECONDS), "timer did not fire");
    // The 200 ms task was due long before the 400 ms one; had cancel failed it would have run.
    assertFalse(cancelledRan.get(), "a cancelled task ran");
  }
}
