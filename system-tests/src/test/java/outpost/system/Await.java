package outpost.system;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Waits for a future in a test thread, with a deadline. */
public final class Await {
  private Await() {}

  public static <T> T of(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
