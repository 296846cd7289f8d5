package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.common.RecordKey;
import outpost.edge.embed.EmbeddedEdge;
import outpost.edge.store.EdgeStore;
import outpost.hub.server.HubServer;
import outpost.system.fixture.Await;
import outpost.system.fixture.PgSchema;

/** The procedures of docs/operations.md for moving a site to a new device, run against a real hub. */
class SiteMoveTest {
  @TempDir
  Path tmp;

  @Test
  void aSiteMovedByCopyingItsStoppedStoreFileKeepsItsUnsyncedChangesAndItsSequence() throws Exception {
    HubServer hub = Ops.inProcessHub(tmp.resolve("hub"), null);
    try {
      String token = Ops.addSite("http://127.0.0.1:" + hub.httpPort(), "clinic-m");
      String address = "127.0.0.1:" + hub.grpcPort();
      Path oldDevice = tmp.resolve("old");
      try (EmbeddedEdge edge = EmbeddedEdge.builder("clinic-m").dataDir(oldDevice).hub("central", address, token)
          .start().await()) {
        for (int i = 0; i < 5; i++) {
          edge.put("notes", "synced" + i, new JsonObject().put("i", i)).await();
        }
        assertEquals("COMPLETE", edge.syncAndWait().await().getString("status"));
      }
      // Offline changes on the old device: its hub is unreachable now.
      try (EmbeddedEdge edge = EmbeddedEdge.builder("clinic-m").dataDir(oldDevice).hub("central", "127.0.0.1:9", token)
          .start().await()) {
        for (int i = 0; i < 7; i++) {
          edge.put("notes", "offline" + i, new JsonObject().put("i", i)).await();
        }
        assertEquals(7, edge.pending("central"));
      }
      // The move: copy the one file while the node is stopped, start the new device on the copy.
      Path newDevice = Files.createDirectories(tmp.resolve("new"));
      Files.copy(oldDevice.resolve(EdgeStore.FILE_NAME), newDevice.resolve(EdgeStore.FILE_NAME));
      try (EmbeddedEdge edge = EmbeddedEdge.builder("clinic-m").dataDir(newDevice).hub("central", address, token)
          .start().await()) {
        assertEquals("COMPLETE", edge.syncAndWait().await().getString("status"));
        edge.put("notes", "after-move", new JsonObject().put("moved", true)).await();
        assertEquals("COMPLETE", edge.syncAndWait().await().getString("status"));
        assertEquals(0, edge.pending("central"));
      }
      for (String id : new String[] {"synced0", "offline0", "offline6", "after-move"}) {
        assertTrue(Await.of(hub.store().get(new RecordKey("notes", id))).isPresent(), id + " reached the hub");
      }
      assertEquals(13, Await.of(hub.store().head()));
    } finally {
      Await.of(hub.stop());
    }
  }

  /**
   * A site started over with an empty store keeps its new writes on a hub on PostgreSQL too. (The hub's
   * sequence for the site is no longer set back by hand first: the hub keeps a digest of every change under
   * its number, and the new store's changes under the old numbers would be refused as ORIGIN_REUSED; the
   * edge renumbers them past the hub's sequence instead, as on the embedded store.)
   */
  @Test
  void aSiteStartedOverWithAnEmptyStoreKeepsItsWritesOnThePostgresHubToo() throws Exception {
    try (PgSchema schema = new PgSchema()) {
      java.net.URI pg = PgSchema.baseUri();
      HubServer hub = Ops.inProcessHub(tmp.resolve("unused"), schema.url(pg.getHost(),
          pg.getPort() < 0 ? 5432 : pg.getPort()));
      try {
        String token = Ops.addSite("http://127.0.0.1:" + hub.httpPort(), "clinic-p");
        String address = "127.0.0.1:" + hub.grpcPort();
        try (EmbeddedEdge edge = EmbeddedEdge.builder("clinic-p").dataDir(tmp.resolve("first"))
            .hub("central", address, token).start().await()) {
          for (int i = 0; i < 5; i++) {
            edge.put("notes", "old" + i, new JsonObject().put("i", i)).await();
          }
          assertEquals("COMPLETE", edge.syncAndWait().await().getString("status"));
        }
        try (EmbeddedEdge edge = EmbeddedEdge.builder("clinic-p").dataDir(tmp.resolve("empty"))
            .hub("central", address, token).start().await()) {
          for (int i = 0; i < 3; i++) {
            edge.put("notes", "new" + i, new JsonObject().put("i", i)).await();
          }
          assertEquals("COMPLETE", edge.syncAndWait().await().getString("status"));
          assertTrue(edge.get("notes", "old4").await().isPresent(), "the new store pulled the site's old records");
        }
        for (int i = 0; i < 3; i++) {
          assertTrue(Await.of(hub.store().get(new RecordKey("notes", "new" + i))).isPresent(), "new" + i);
        }
      } finally {
        Await.of(hub.stop());
      }
    }
  }

  /**
   * A site started over with an empty store (or an older backup) under the same site id numbers its
   * changes from 1 again; the hub tells its last sequence for the site in Hello and the edge renumbers its
   * pending changes past it, so none is answered DUPLICATE and lost.
   */
  @Test
  void aSiteStartedOverWithAnEmptyStoreKeepsItsNewWrites() throws Exception {
    HubServer hub = Ops.inProcessHub(tmp.resolve("hub"), null);
    try {
      String token = Ops.addSite("http://127.0.0.1:" + hub.httpPort(), "clinic-r");
      String address = "127.0.0.1:" + hub.grpcPort();
      try (EmbeddedEdge edge = EmbeddedEdge.builder("clinic-r").dataDir(tmp.resolve("first"))
          .hub("central", address, token).start().await()) {
        for (int i = 0; i < 5; i++) {
          edge.put("notes", "old" + i, new JsonObject().put("i", i)).await();
        }
        assertEquals("COMPLETE", edge.syncAndWait().await().getString("status"));
      }
      try (EmbeddedEdge edge = EmbeddedEdge.builder("clinic-r").dataDir(tmp.resolve("empty"))
          .hub("central", address, token).start().await()) {
        for (int i = 0; i < 3; i++) {
          edge.put("notes", "new" + i, new JsonObject().put("i", i)).await();
        }
        assertEquals("COMPLETE", edge.syncAndWait().await().getString("status"));
      }
      for (int i = 0; i < 3; i++) {
        assertTrue(Await.of(hub.store().get(new RecordKey("notes", "new" + i))).isPresent(), "new" + i + " lost");
      }
    } finally {
      Await.of(hub.stop());
    }
  }
}
