package outpost.common.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8StringTypeTest {
  @TempDir
  Path dir;

  @Test
  void stringsOfEveryKindSurviveAReopenInKeyOrder() {
    List<String> values = List.of("", "plain ascii", "Zürich café", "日本語のテキスト", "emoji 🏥💉 and \u0000 nul",
        "x".repeat(70_000), "y".repeat(5_000), "ascii until the very end \u00e9", "\uD83D lone high surrogate",
        "low \uDC00 alone");
    Path file = dir.resolve("t.mv.db");
    try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
      MVMap<String, String> map = Maps.strings(store, "m");
      for (int i = 0; i < values.size(); i++) {
        map.put(values.get(i), "v" + i + values.get(i));
      }
      store.commit();
    }
    try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
      MVMap<String, String> map = Maps.strings(store, "m");
      assertEquals(values.size(), map.size());
      for (int i = 0; i < values.size(); i++) {
        assertEquals("v" + i + values.get(i), map.get(values.get(i)), "value " + i + " round-trips exactly");
      }
      assertEquals(map.keySet().stream().sorted().toList(), List.copyOf(map.keySet()), "keys stay in String order");
    }
  }
}
