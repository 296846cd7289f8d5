package outpost.hub.store.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.auth.SiteTokens;
import outpost.hub.ingest.TestHub;

/**
 * A hub on PostgreSQL whose site table becomes unreadable (as with a schema dropped or restored
 * half-way) while a site it has not cached yet calls: the site hears "retry later", never AUTH_ERROR.
 */
class PgAuthWhileBrokenTest {
  @TempDir
  Path dir;

  @Test
  void aSiteLookupOnABrokenDatabaseIsUnavailableAndHealsWithIt() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (PgTestSchema schema = new PgTestSchema(vertx);
        TestHub hub = TestHub.start(dir, new JsonObject().put("pgUrl", schema.url()))) {
      ManagedChannel channel = hub.channel();
      try {
        String token = SiteTokens.newToken();
        // The site table becomes unreadable to the hub; meanwhile a site is registered behind its back (the
        // CLI, another replica), so it is not in the hub's site list and needs a lookup.
        schema.exec("ALTER TABLE " + schema.name + ".sites RENAME TO sites_away");
        schema.exec("INSERT INTO " + schema.name + ".sites_away (" + PgRows.SITE_COLUMNS + ") VALUES ('clinic-late', '"
            + SiteTokens.hash(token) + "', false, 1, 0, '', '', 0, 0)");
        for (int i = 0; i < 6; i++) {
          assertEquals(Status.Code.UNAVAILABLE, TestHub.hello(channel, "clinic-late", token), "attempt " + (i + 1));
        }
        schema.exec("ALTER TABLE " + schema.name + ".sites_away RENAME TO sites");
        assertEquals(Status.Code.OK, TestHub.hello(channel, "clinic-late", token));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
