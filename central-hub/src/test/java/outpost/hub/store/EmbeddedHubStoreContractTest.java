package outpost.hub.store;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.config.Catalog;
import outpost.hub.store.embedded.EmbeddedHubStore;

/** The contract suite on the embedded MVStore store: a fresh folder per test. */
class EmbeddedHubStoreContractTest extends HubStoreContract {
  @TempDir
  Path dir;

  @Override
  protected HubStore newStore(Vertx vertx, Catalog catalog) {
    return new EmbeddedHubStore(vertx, dir, catalog, false);
  }
}
