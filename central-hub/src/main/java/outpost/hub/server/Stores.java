package outpost.hub.server;

import io.vertx.core.Vertx;
import outpost.hub.config.HubConfig;
import outpost.hub.store.HubStore;

/** The store a configuration names. TEMPORARY until the store implementations land on main. */
public final class Stores {
  private Stores() {}

  public static HubStore create(Vertx vertx, HubConfig config) {
    throw new UnsupportedOperationException("store implementations not merged yet");
  }
}
