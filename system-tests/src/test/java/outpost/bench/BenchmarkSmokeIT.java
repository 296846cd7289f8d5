package outpost.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every benchmark at a tiny scale (1,000 records, 20 sites) so that CI notices when the harness breaks.
 * Asserts only that each completes without errors and writes its report; never anything about time.
 */
class BenchmarkSmokeIT {
  @TempDir
  Path work;

  @Test
  void everyBenchmarkCompletesWithoutErrorsAtSmokeScale() throws Exception {
    BenchMain.Config config = BenchMain.Config.parse(new String[] {"--smoke", "--work", work.toString()});
    JsonObject results = BenchMain.run(config);

    assertEquals(2, results.getJsonArray("store").size(), "the embedded and the PostgreSQL store");
    JsonObject store = results.getJsonArray("store").getJsonObject(0);
    assertEquals(1000L, store.getLong("pulled"), store.encode());
    JsonObject sync = results.getJsonArray("sync").getJsonObject(0);
    assertTrue(SyncBench.ok(sync), sync.encode());
    assertEquals(1000L, sync.getJsonObject("push").getLong("pushDone"), sync.encode());
    assertEquals(1000L, sync.getJsonObject("pull").getLong("pullDone"), sync.encode());
    assertEquals(100L, sync.getJsonObject("changeB").getLong("pullDone"), sync.encode());

    JsonObject sites = results.getJsonObject("sites");
    assertEquals(0L, sites.getLong("errors"), sites.encode());
    assertEquals(20L * 50, sites.getLong("applied"), sites.encode());

    JsonArray local = results.getJsonArray("local");
    // store: commit and fsync at 1 and 16 writers, and one pipelined run; the engine alone; REST: the same four
    // closed-loop runs
    assertEquals(10, local.size());
    local.forEach(l -> assertEquals(0L, ((JsonObject) l).getLong("errors"), ((JsonObject) l).encode()));
    JsonObject engine = local.stream().map(JsonObject.class::cast).filter(l -> "engine alone".equals(l.getString("api")))
        .findFirst().orElseThrow();
    assertTrue(engine.getLong("written") > 0, engine.encode());

    JsonObject pg = results.getJsonObject("pg");
    assertTrue(SyncBench.ok(pg.getJsonObject("sync")), pg.encode());
    assertEquals(0L, pg.getJsonObject("push20-postgresql").getLong("errors"), pg.encode());
    assertTrue(results.getJsonObject("profile").getString("hub-push").contains("CPU by subsystem"));

    Path doc = work.resolve("performance.md");
    Report.rewrite(doc, config, results);
    assertTrue(Files.readString(doc).contains("### Against the targets"));
  }
}
