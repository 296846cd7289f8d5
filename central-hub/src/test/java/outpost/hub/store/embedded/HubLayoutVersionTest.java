package outpost.hub.store.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** A hub data file of another layout is refused with a clear message and left as it was. */
class HubLayoutVersionTest {
  @TempDir
  Path dir;
  Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void aFileOfAnotherSchemaIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("hub.mv.db");
    try (MVStore old = new MVStore.Builder().fileName(file.toString()).open()) {
      old.openMap("meta").put("schema", "1");
      old.<String, String>openMap("records").put("notes\u0000a", "{}");
      old.commit();
    }
    EmbeddedHubStore store = new EmbeddedHubStore(vertx, dir, EmbeddedHubStoreTest.CATALOG, false);
    OutpostException e = assertThrows(OutpostException.class, () -> store.open().await(20, TimeUnit.SECONDS));
    assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
    assertTrue(e.getMessage().contains("has layout 1 but this version reads layout " + HubMaps.SCHEMA),
        e.getMessage());
    assertFalse(store.ready().await(20, TimeUnit.SECONDS));
    try (MVStore old = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
      assertEquals("1", old.openMap("meta").get("schema"));
      assertEquals("{}", old.<String, String>openMap("records").get("notes\u0000a"), "the refused file keeps its data");
    }
  }

  @Test
  void aFileOfThisSchemaReopens() throws Exception {
    for (int i = 0; i < 2; i++) {
      EmbeddedHubStore store = new EmbeddedHubStore(vertx, dir, EmbeddedHubStoreTest.CATALOG, false);
      store.open().await(20, TimeUnit.SECONDS);
      assertTrue(store.ready().await(20, TimeUnit.SECONDS));
      store.close().await(20, TimeUnit.SECONDS);
    }
  }
}
