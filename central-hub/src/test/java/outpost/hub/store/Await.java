package outpost.hub.store;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import outpost.common.error.OutpostException;

/** Blocks a test thread (never an event loop) on a store's future, with a deadline. */
public final class Await {
  private static final long SECONDS = 30;

  private Await() {}

  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The OutpostException the future fails with; fails the test if it succeeds or fails otherwise. */
  public static OutpostException failure(Future<?> future) {
    Object value;
    try {
      value = result(future);
    } catch (RuntimeException e) {
      return assertInstanceOf(OutpostException.class, e, "expected an OutpostException");
    }
    return fail("expected a failure, got " + value);
  }
}
