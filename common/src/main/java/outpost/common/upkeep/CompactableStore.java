package outpost.common.upkeep;

import io.vertx.core.Future;

/** A store whose file {@link Compaction} can shrink: each call is one task on the store's writer thread. */
public interface CompactableStore {
  /** The file's figures, read on the writer thread after what was queued before. */
  Future<FileFigures> fileFigures();

  /**
   * One bounded compaction step: rewrites chunks that are at most {@code targetFillRate}% live, about
   * {@code stepBytes} of live data at the most, into free space; answers whether it rewrote anything.
   */
  Future<Boolean> compactStep(int targetFillRate, int stepBytes);

  /** Tasks waiting for the writer thread now (cheap, any thread): a long queue means the store is busy. */
  int backlog();
}
