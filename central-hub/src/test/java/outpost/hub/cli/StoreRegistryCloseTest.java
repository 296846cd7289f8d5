package outpost.hub.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The CLI's own Vert.x closes within a bound: a failed or hanging close is reported, and the command ends. */
class StoreRegistryCloseTest {
  @Test
  void aVertxThatClosesIsReportedClosed() {
    assertTrue(StoreRegistry.awaitClosed(Vertx.vertx().close(), StoreRegistry.CLOSE_LIMIT));
  }

  @Test
  void aCloseThatFailsIsReportedAndDoesNotThrow() {
    assertFalse(StoreRegistry.awaitClosed(Future.failedFuture(new IllegalStateException("event loop stuck")),
        StoreRegistry.CLOSE_LIMIT));
  }

  @Test
  void aCloseThatNeverEndsIsGivenUpAfterTheLimit() {
    long start = System.nanoTime();
    assertFalse(StoreRegistry.awaitClosed(Promise.<Void>promise().future(), Duration.ofMillis(200)));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMillis < 5_000, "waited " + tookMillis + " ms");
  }
}
