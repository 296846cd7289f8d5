package outpost.edge.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static outpost.edge.store.StoreFixture.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store closed right after pipelined checkpoints reopens with every chunk's live-page count equal to the pages
 * its maps reach. A page counted live that no map reaches can never be freed: when it sat in the last chunk of
 * the file, compaction could not shrink the file at all (docs/reliability.md, "Found and fixed by these suites").
 */
class ChunkAccountingTest {
  @TempDir
  Path dir;

  @Test
  void everyPageCountedLiveAfterAReopenIsReachable() {
    Random random = new Random(7);
    Vertx vertx = Vertx.vertx();
    try {
      for (int cycle = 0; cycle < 3; cycle++) {
        closeAfterChurn(vertx, random);
        try (EdgeStore store = open(vertx)) {
          await(store.compactStep(0, 0)); // opens every map (a log map opens on first use) and rewrites nothing
          Map<Integer, Integer> unreachable = await(store.worker().read(() -> unreachableLivePages(store.maps().store)));
          assertTrue(unreachable.isEmpty(), "cycle " + cycle + ": pages counted live that no map reaches, by chunk: "
              + unreachable);
        }
      }
    } finally {
      await(vertx.close());
    }
  }

  private EdgeStore open(Vertx vertx) {
    return EdgeStore.open(vertx, dir, "site-a", Durability.COMMIT, c -> "central", Clock.systemUTC());
  }

  private void closeAfterChurn(Vertx vertx, Random random) {
    try (EdgeStore store = open(vertx)) {
      churn(store, random);
      // closed at once: the last groups' pipelined checkpoint may still be being stored
    }
  }

  /** Creates 5,000 records and updates and deletes them, in bulks: enough for several pipelined checkpoints. */
  private static void churn(EdgeStore store, Random random) {
    String pad = "x".repeat(400);
    for (int b = 0; b < 2_000; b++) {
      Map<String, EdgeStore.BulkItem> items = new HashMap<>();
      for (int i = 0; items.size() < 25; i++) {
        String id = "r" + (b < 200 ? b * 25 + i : random.nextInt(5_000));
        items.put(id, new EdgeStore.BulkItem(id, new JsonObject().put("b", b).put("pad", pad)));
      }
      await(store.putAll("notes", new ArrayList<>(items.values())));
    }
    List<Future<Boolean>> deletes = new ArrayList<>();
    for (int i = 1_000; i < 5_000; i++) {
      deletes.add(store.delete("notes", "r" + i));
    }
    await(Future.all(deletes));
  }

  /** Per chunk, live pages (MVStore's count in the layout map) minus the pages the open maps reach. */
  private static Map<Integer, Integer> unreachableLivePages(MVStore mv) {
    Map<Integer, Integer> reached = new HashMap<>();
    List<MVMap<?, ?>> maps = new ArrayList<>();
    maps.add(mv.getMetaMap());
    maps.add(layout(mv));
    for (String name : mv.getMapNames()) {
      maps.add(mv.openMap(name));
    }
    for (MVMap<?, ?> map : maps) {
      reach(map.getRootPage(), reached);
    }
    Map<Integer, Integer> out = new TreeMap<>();
    mv.getLayoutMap().forEach((key, value) -> {
      if (key.startsWith("chunk.")) {
        int id = DataUtils.parseHexInt(key.substring("chunk.".length()));
        Map<String, String> chunk = DataUtils.parseMap(value);
        int live = DataUtils.parseHexInt(chunk.getOrDefault("livePages", chunk.get("pages")));
        int diff = live - reached.getOrDefault(id, 0);
        if (diff != 0) {
          out.put(id, diff);
        }
      }
    });
    return out;
  }

  /**
   * MVStore's own layout map (chunk and root entries), which no public API hands out; its pages are live in the
   * chunks like any other.
   */
  private static MVMap<?, ?> layout(MVStore mv) {
    try {
      java.lang.reflect.Field field = Class.forName("org.h2.mvstore.FileStore").getDeclaredField("layout");
      field.setAccessible(true);
      return (MVMap<?, ?>) field.get(mv.getFileStore());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("this MVStore version keeps its layout map elsewhere", e);
    }
  }

  private static void reach(Page<?, ?> page, Map<Integer, Integer> reached) {
    if (DataUtils.isPageSaved(page.getPos())) {
      reached.merge(DataUtils.getPageChunkId(page.getPos()), 1, Integer::sum);
    }
    if (!page.isLeaf()) {
      for (int i = 0; i < page.getRawChildPageCount(); i++) {
        long pos = page.getChildPagePos(i);
        if (DataUtils.isPageSaved(pos) && DataUtils.getPageType(pos) == DataUtils.PAGE_TYPE_LEAF) {
          reached.merge(DataUtils.getPageChunkId(pos), 1, Integer::sum); // a leaf need not be read
        } else {
          reach(page.getChildPage(i), reached);
        }
      }
    }
  }
}
