package outpost.common.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order of a round's steps against a file whose figures answer as a real one does while local writes go on
 * (the real file's behaviour is in the edge's and the hub's store upkeep tests).
 */
class CompactionRoundTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /**
   * A 300 MB file with 20 MB live. Rewriting sparse chunks raises the chunks' fill; moving chunks forward raises
   * the file's fill, but the local writes meanwhile leave small sparse chunks that pull the chunks' fill back
   * under 80%.
   */
  static final class BusyFile implements CompactableStore {
    final List<Integer> targets = new ArrayList<>();
    int fillRate = 7;
    int chunksFillRate = 10;

    @Override
    public Future<FileFigures> fileFigures() {
      return Future.succeededFuture(new FileFigures(300L << 20, fillRate, chunksFillRate));
    }

    @Override
    public Future<Boolean> compactStep(int targetFillRate, int stepBytes) {
      targets.add(targetFillRate);
      if (targetFillRate < 100) {
        chunksFillRate = Math.min(100, chunksFillRate + 30);
      } else {
        fillRate = Math.min(100, fillRate + 20);
        chunksFillRate = 75;
      }
      return Future.succeededFuture(true);
    }

    @Override
    public int backlog() {
      return 0;
    }
  }

  @Test
  void aRoundThatMovesChunksForwardKeepsMovingThemWhileWritesLeaveSparseChunks() {
    BusyFile file = new BusyFile();
    Compaction.Result round = new Compaction(vertx, file, () -> false, new Compaction.Settings(1, 2 << 20, 1, 1024))
        .run().await();
    assertEquals(List.of(80, 80, 80, 100, 100, 100, 100), file.targets);
    assertEquals(Compaction.DONE, round.stoppedBecause());
    assertEquals(7, round.steps());
  }

  @Test
  void aFileAlreadyDenseEnoughIsLeftAlone() {
    BusyFile file = new BusyFile();
    file.fillRate = 80;
    file.chunksFillRate = 70;
    Compaction.Result round = new Compaction(vertx, file, () -> false, new Compaction.Settings(1, 2 << 20, 1, 1024))
        .run().await();
    assertEquals(List.of(), file.targets, "live data is 56% of the file: under the 2x bar");
    assertEquals("not needed", round.stoppedBecause());
  }
}
