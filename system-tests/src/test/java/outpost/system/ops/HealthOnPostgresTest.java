package outpost.system.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.server.HubServer;
import outpost.system.fixture.Await;
import outpost.system.fixture.FaultProxy;
import outpost.system.fixture.Http;
import outpost.system.fixture.PgSchema;

/**
 * /health of a hub on PostgreSQL follows the database: the hub reaches the shared PostgreSQL through a
 * loopback proxy, and cutting the proxy (not stopping the server, which others use) makes the hub
 * not ready (503, ready=false) while it stays live; restoring the proxy makes it ready again (200).
 */
class HealthOnPostgresTest {
  @TempDir
  Path tmp;

  @Test
  void readinessGoesNotReadyWhenPostgresIsUnreachableAndBackWhenItReturns() throws Exception {
    URI pg = PgSchema.baseUri();
    try (PgSchema schema = new PgSchema();
        FaultProxy proxy = new FaultProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
      HubServer hub = Ops.inProcessHub(tmp.resolve("unused"), schema.url("127.0.0.1", proxy.port()));
      try {
        String health = "http://127.0.0.1:" + hub.httpPort() + "/health";
        Http.Answer up = Http.as(null).get(health);
        assertEquals(200, up.status(), up.body());
        assertEquals(new JsonObject().put("live", true).put("ready", true), up.json());
        assertTrue(proxy.connections() > 0, "the hub reaches PostgreSQL through the proxy");

        proxy.closePort();
        Await.until(() -> Http.as(null).get(health).status() == 503, 15, "/health to answer 503");
        Http.Answer down = Http.as(null).get(health);
        assertEquals(false, down.json().getBoolean("ready"), down.body());
        assertEquals(true, down.json().getBoolean("live"), down.body());
        assertEquals("PostgreSQL is unreachable", down.json().getString("reason"), down.body());
        assertEquals(503, Http.as(null).get(health + "/ready").status());
        assertEquals(200, Http.as(null).get(health + "/live").status(), "liveness does not depend on the database");

        proxy.reopenPort();
        Await.until(() -> Http.as(null).get(health).status() == 200, 30, "/health to answer 200 again");
        assertEquals(true, Http.as(null).get(health).json().getBoolean("ready"));
        assertEquals(200, Http.as(null).get(health + "/ready").status());
      } finally {
        Await.of(hub.stop());
      }
    }
  }
}
