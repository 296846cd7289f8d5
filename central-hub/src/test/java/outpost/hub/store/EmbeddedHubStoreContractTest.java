package outpost.hub.store;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import outpost.hub.config.Catalog;

/** The contract suite on the embedded MVStore store: a fresh folder per test. */
class EmbeddedHubStoreContractTest extends HubStoreContract {
  @TempDir
  Path dir;

  /*
   * Reflection only because this branch was written before the embedded store was merged: it lets the
   * branch compile on its own. Once both are on main this is simply
   * new EmbeddedHubStore(vertx, dir, catalog, false).
   */
  @Override
  protected HubStore newStore(Vertx vertx, Catalog catalog) throws Exception {
    return (HubStore) Class.forName("outpost.hub.store.embedded.EmbeddedHubStore")
        .getConstructor(Vertx.class, Path.class, Catalog.class, boolean.class)
        .newInstance(vertx, dir, catalog, false);
  }
}
