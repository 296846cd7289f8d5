package outpost.hub.server;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import outpost.hub.config.HubConfig;
import outpost.hub.store.HubStore;
import outpost.hub.store.embedded.EmbeddedHubStore;
import outpost.hub.store.pg.PgHubStore;

/** The store a configuration names: PostgreSQL when {@code pgUrl} is set, else the embedded one in {@code data}. */
public final class Stores {
  private Stores() {}

  public static HubStore create(Vertx vertx, HubConfig config) {
    if (config.usesPostgres()) {
      return postgres(vertx, config);
    }
    return new EmbeddedHubStore(vertx, Path.of(config.data()), config.catalog(), config.fsync());
  }

  private static HubStore postgres(Vertx vertx, HubConfig config) {
    return new PgHubStore(vertx, config.pgUrl(), config.pgReadUrl(), config.pgReadMaxLag(), config.catalog());
  }
}
