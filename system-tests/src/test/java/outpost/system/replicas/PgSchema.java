package outpost.system.replicas;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.UUID;
import outpost.system.fixture.Await;

/**
 * A throw-away schema in the test database (system property {@code outpost.test.pgUrl}), so that this
 * test never sees other tests' tables. An unreachable database fails the test; it never skips.
 */
public final class PgSchema implements AutoCloseable {
  final String name = "outpost_sys_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final Pool admin;
  private final String base;

  public PgSchema(Vertx vertx) {
    String url = System.getProperty("outpost.test.pgUrl", "");
    base = url.isBlank() ? "postgresql://postgres@127.0.0.1:5432/test" : url;
    admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(base)).using(vertx).build();
    Await.of(admin.query("CREATE SCHEMA " + name).execute());
  }

  public String url() {
    return base + (base.contains("?") ? "&" : "?") + "search_path=" + name;
  }

  @Override
  public void close() {
    try {
      Await.of(admin.query("DROP SCHEMA IF EXISTS " + name + " CASCADE").execute());
    } finally {
      Await.of(admin.close());
    }
  }
}
