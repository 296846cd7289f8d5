package outpost.common.mvstore;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a little of the sparsest chunks after every few commits. With random keys each commit leaves a
 * chunk that stays live as long as any one of its pages is, so without this the file holds one chunk per
 * commit (10,000 chunks after 10 s of small writes, a 2 GiB file for 90,000 records), and every commit
 * rewrites more chunk metadata. MVStore's own background thread would do this, but it also commits on its
 * own schedule, which the stores cannot allow (a group is one commit). Called on the writer thread right
 * after a commit, so nothing uncommitted is taken along.
 */
public final class ChunkTrimmer {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkTrimmer.class);
  /** Chunks are rewritten while the live share of all chunks is below this percentage. */
  private static final int FILL_RATE = 60;
  /** Bytes of live pages moved per step: bounds the pause one step adds to a commit. */
  private static final int STEP_BYTES = 1 << 20;
  private static final int EVERY = 16;

  private final MVStore store;
  private long commits;

  public ChunkTrimmer(MVStore store) {
    this.store = store;
  }

  /** Call after each successful commit; every {@value #EVERY}th runs one bounded step. */
  public void afterCommit() {
    if (++commits % EVERY != 0) {
      return;
    }
    try {
      store.compact(FILL_RATE, STEP_BYTES);
    } catch (RuntimeException e) {
      // The group is committed already; a failed step only leaves the file larger until the next one.
      LOG.warn("chunk rewrite step failed", e);
    }
  }
}
