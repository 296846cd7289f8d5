package outpost.hub.store.embedded;

import io.vertx.core.Future;
import java.lang.reflect.Field;
import java.util.concurrent.Callable;
import outpost.common.worker.SerialWorker;

/**
 * What the group-commit test needs to see inside an {@link EmbeddedHubStore} and production code never does: its
 * worker thread (to hold the queue) and its MVStore's version (one more per commit that wrote something). Read
 * through the store's private fields so that main sources carry no test-only accessors.
 */
final class EmbeddedStoreProbe {
  private EmbeddedStoreProbe() {}

  /** Runs a task on the store's worker thread in order with its other tasks. */
  static <T> Future<T> onWorker(EmbeddedHubStore store, Callable<T> body) {
    return field(store, "worker", SerialWorker.class).read(body);
  }

  /** The MVStore's current version: it grows by one with every commit that stored changes. */
  static long commits(EmbeddedHubStore store) {
    return field(store, "maps", HubMaps.class).store.getCurrentVersion();
  }

  private static <T> T field(EmbeddedHubStore store, String name, Class<T> type) {
    try {
      Field field = EmbeddedHubStore.class.getDeclaredField(name);
      field.setAccessible(true);
      return type.cast(field.get(store));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("EmbeddedHubStore has no field " + name, e);
    }
  }
}
