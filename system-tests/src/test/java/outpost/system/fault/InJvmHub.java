package outpost.system.fault;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import outpost.hub.auth.SiteTokens;
import outpost.hub.config.HubConfig;
import outpost.hub.server.HubServer;
import outpost.hub.server.Stores;
import outpost.hub.store.HubStore;
import outpost.hub.store.SiteRecord;
import outpost.hub.store.embedded.EmbeddedHubStore;
import outpost.system.fixture.Await;
import outpost.system.fixture.Http;
import outpost.system.fixture.HubServerBuilder;

/**
 * The hub in this JVM on free ports, over its embedded store in a folder or a PostgreSQL schema, its store
 * behind a {@link SlowStore} switch. A kill drops the store as a dead process would (the embedded file is
 * closed without another write; the PostgreSQL pool is closed, so open transactions roll back), then stops
 * the rest; the restart opens the same store.
 */
final class InJvmHub extends InJvmNode<HubServer> implements HubApi {
  private final JsonObject config;
  private final SlowStore.Switch slow;
  private volatile HubStore store;
  private volatile int grpcPort;

  /** @param pgUrl a PostgreSQL URL, or null for the embedded store in {@code data} */
  InJvmHub(Path data, String pgUrl, SlowStore.Switch slow) {
    super(Http.as(HubProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(15)).lenient());
    this.slow = slow;
    config = HubServerBuilder.in(data).hubId("fault-hub").adminToken(HubProcess.ADMIN_TOKEN).fsync(false).pgUrl(pgUrl)
        .json();
  }

  @Override
  HubServer open() {
    HubServer s = Await.of(new HubServer(HubConfig.fromJson(config.copy()), (vertx, c) -> {
      store = Stores.create(vertx, c);
      return SlowStore.wrap(vertx, store, slow);
    }).start());
    grpcPort = s.grpcPort();
    return s;
  }

  @Override
  String urlOf(HubServer node) {
    return "http://127.0.0.1:" + node.httpPort();
  }

  @Override
  void drop(HubServer node) {
    if (store instanceof EmbeddedHubStore embedded) {
      embedded.abandon();
    } else {
      store.close();
    }
  }

  @Override
  Future<Void> stop(HubServer node) {
    return node.stop();
  }

  /**
   * Registers a site straight in the store, with a bcrypt hash of cost 4 instead of the admin API's
   * {@link SiteTokens#COST}: a seed registers four sites and every hub restart verifies each site's token once,
   * which at cost 10 weighed on every seed's time on two busy cores. The token is checked the same way; only
   * the work factor differs. The hub's site snapshot learns the site from the store at its first call.
   */
  @Override
  public String addSite(String id) {
    String token = SiteTokens.newToken();
    String hash = BCrypt.withDefaults().hashToString(4, token.toCharArray());
    Await.of(running().store().addSite(SiteRecord.create(id, hash, System.currentTimeMillis())));
    return token;
  }

  @Override
  public int grpcPort() {
    return grpcPort;
  }
}
