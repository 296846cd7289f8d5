package outpost.hub.store.embedded;

import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVStore;
import outpost.common.upkeep.FileFigures;

/** The embedded store's upkeep work, run on its writer thread: run retention and compaction steps. */
final class EmbeddedUpkeep {
  private EmbeddedUpkeep() {}

  /** Removes up to {@code max} runs that started before the cut-off, oldest first, with their index entries. */
  static int purgeRuns(HubMaps maps, long beforeMillis, int max) {
    String limit = HubMaps.feedKey("", beforeMillis);
    List<String> old = new ArrayList<>();
    var keys = maps.runs.keyIterator(null);
    while (old.size() < max && keys.hasNext()) {
      String key = keys.next();
      if (key.compareTo(limit) >= 0) {
        break;
      }
      old.add(key);
    }
    for (String key : old) {
      maps.runs.remove(key);
      String id = key.substring(limit.length() + 1); // site NUL syncId
      if (key.equals(maps.runKeys.get(id))) {
        maps.runKeys.remove(id);
      }
    }
    return old.size();
  }

  static FileFigures figures(MVStore store) {
    return new FileFigures(store.getFileStore().size(), store.getFileStore().getFillRate(),
        store.getFileStore().getChunksFillRate());
  }

  /**
   * One compaction step. MVStore moves only the pages of open maps (a feed is opened at its first use) and
   * frees and truncates only on a commit that changes something: every map is opened, and the step is noted
   * in the upkeep's own map. Under the store's default 45 s retention only chunks older than that are
   * rewritten, and what they held is freed a few commits later: the file follows the live data a little
   * behind.
   */
  static boolean compactStep(HubMaps maps, int targetFillRate, int stepBytes) {
    MVStore store = maps.store;
    maps.openAll(); // with their own key and value types: a map opened with MVStore's defaults would misread
    store.<String, String>openMap("upkeep").put("lastCompactionStep", Long.toString(System.currentTimeMillis()));
    return store.compact(targetFillRate, stepBytes);
  }
}
