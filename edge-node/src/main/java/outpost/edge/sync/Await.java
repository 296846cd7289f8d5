package outpost.edge.sync;

import io.vertx.core.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** Waits for a store future on the sync thread (never an event loop). */
final class Await {
  private Await() {}

  static <T> T result(Future<T> future) {
    CountDownLatch latch = new CountDownLatch(1);
    future.onComplete(ar -> latch.countDown());
    try {
      if (!latch.await(10, TimeUnit.MINUTES)) {
        throw new OutpostException(ErrorCode.INTERNAL_ERROR, "the local store did not answer");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "interrupted", e);
    }
    if (future.failed()) {
      Throwable cause = future.cause();
      throw cause instanceof OutpostException oe ? oe
          : new OutpostException(ErrorCode.INTEGRATION_ERROR, "local store: " + cause.getMessage(), cause);
    }
    return future.result();
  }
}
