package outpost.hub.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import outpost.hub.store.pg.PgTestSchema;

/** A {@link TestHub} on the embedded store ("embedded") or on a throw-away PostgreSQL schema ("pg"). */
public final class HubOnStore implements AutoCloseable {
  public final TestHub hub;
  private final Vertx vertx;
  private final PgTestSchema schema;

  private HubOnStore(TestHub hub, Vertx vertx, PgTestSchema schema) {
    this.hub = hub;
    this.vertx = vertx;
    this.schema = schema;
  }

  public static HubOnStore start(Path dir, String store) throws Exception {
    if (!store.equals("pg")) {
      return new HubOnStore(TestHub.start(dir, new JsonObject()), null, null);
    }
    Vertx vertx = Vertx.vertx();
    PgTestSchema schema = new PgTestSchema(vertx);
    return new HubOnStore(TestHub.start(dir, new JsonObject().put("pgUrl", schema.url())), vertx, schema);
  }

  @Override
  public void close() throws Exception {
    try {
      hub.close();
    } finally {
      if (schema != null) {
        schema.close();
        vertx.close().await();
      }
    }
  }
}
