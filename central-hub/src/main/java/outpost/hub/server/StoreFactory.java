package outpost.hub.server;

import io.vertx.core.Vertx;
import outpost.hub.config.HubConfig;
import outpost.hub.store.HubStore;

/** Makes the (unopened) store a hub serves from. */
@FunctionalInterface
public interface StoreFactory {
  HubStore create(Vertx vertx, HubConfig config);
}
