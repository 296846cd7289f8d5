package outpost.hub.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.common.mvstore.StoreFile;
import outpost.hub.config.HubConfig;
import outpost.hub.server.Stores;
import outpost.hub.sites.SiteService;
import outpost.hub.store.HubStore;

/** The site registry in a store this process opens itself (no hub needs to be running). */
final class StoreRegistry implements SiteRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRegistry.class);
  private static final long TIMEOUT_SECONDS = 60;
  /** How long a command waits for its Vert.x to close before it ends anyway. */
  static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);
  private final Vertx vertx;
  private final HubStore store;
  private final SiteService sites;

  private StoreRegistry(Vertx vertx, HubStore store) {
    this.vertx = vertx;
    this.store = store;
    this.sites = new SiteService(vertx, store, site -> { });
  }

  static StoreRegistry open(HubConfig config) {
    Vertx vertx = Vertx.vertx();
    try {
      HubStore store = Stores.create(vertx, config);
      store.open().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new StoreRegistry(vertx, store);
    } catch (Exception e) {
      awaitClosed(vertx.close(), CLOSE_LIMIT);
      if (!config.usesPostgres() && isLocked(e)) {
        throw new StoreLockedException(config, e);
      }
      throw new IllegalStateException("cannot open the hub store: " + e.getMessage(), e);
    }
  }

  /** The embedded store is held by a serving hub: only that hub's admin API can change it now. */
  static final class StoreLockedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoreLockedException(HubConfig config, Throwable cause) {
      super("the embedded store in '" + config.data() + "' is in use by a serving hub; go through its admin API"
          + " instead: add --url http://HOST:HTTP_PORT --admin-token TOKEN, or give --config the hub's config"
          + " file with its httpPort and adminToken", cause);
    }
  }

  private static boolean isLocked(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StoreFile.LockedException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public JsonObject add(String siteId) throws Exception {
    return json(sites.add(siteId).await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
  }

  @Override
  public JsonObject rotateToken(String siteId) throws Exception {
    return json(sites.rotateToken(siteId).await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
  }

  private static JsonObject json(SiteService.NewSite site) {
    return new JsonObject().put("id", site.id()).put("token", site.token());
  }

  @Override
  public List<JsonObject> list() throws Exception {
    return sites.list().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void disable(String siteId) throws Exception {
    sites.disable(siteId).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void enable(String siteId) throws Exception {
    sites.enable(siteId).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      store.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the hub store did not close cleanly: " + e.getMessage(), e);
    } finally {
      awaitClosed(vertx.close(), CLOSE_LIMIT);
    }
  }

  /**
   * Waits up to {@code limit} for this process's Vert.x to close; answers whether it closed. The command's work
   * is done (or has failed with its own error) by then, so a Vert.x that fails or hangs while closing is logged
   * and the command still ends.
   */
  static boolean awaitClosed(Future<Void> closing, Duration limit) {
    try {
      closing.await(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      LOG.warn("Vert.x did not close within {} ms; the command ends without waiting for it", limit.toMillis());
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly", e);
    }
    return false;
  }
}
