package outpost.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the benchmarks: waiting for futures, and the ~512-byte records they write. */
final class Bench {
  /** The collections of the initial-sync benchmark (shared, writable by any site). */
  static final int COLLECTIONS = 5;

  private Bench() {}

  static String collection(int i) {
    return "c" + (i % COLLECTIONS);
  }

  /** Waits for a future with a generous deadline (benchmarks move a lot of data). */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A random (version 4 layout) UUID drawn from a seeded generator, so runs are repeatable. */
  static String uuid(Random random) {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private static final String TEXT = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
      + "incididunt ut labore et dolore magna aliqua Ut enim ad minim veniam quis nostrud exercitation ullamco "
      + "laboris nisi ut aliquip ex ea commodo consequat Duis aute irure dolor in reprehenderit in voluptate velit "
      + "esse cillum dolore eu fugiat nulla pariatur Excepteur sint occaecat cupidatat non proident sunt in culpa";

  /** A record value of about 512 bytes of JSON, with a few typed fields and a text note. */
  static JsonObject record(Random random, int n) {
    int start = random.nextInt(TEXT.length() - 330);
    return new JsonObject().put("name", "item " + n).put("sku", "SKU-" + (100000 + random.nextInt(900000)))
        .put("qty", random.nextInt(1000)).put("price", random.nextInt(100000) / 100.0)
        .put("active", random.nextBoolean()).put("updatedBy", "bench").put("rev", 1)
        .put("note", TEXT.substring(start, start + 330));
  }
}
