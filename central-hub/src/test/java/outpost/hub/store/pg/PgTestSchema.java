package outpost.hub.store.pg;

import static outpost.hub.store.Await.result;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.UUID;

/**
 * A throw-away schema in the test database, so tests (and helpers running other test classes at
 * the same time) never see each other's tables. The database URL comes from the system property
 * {@code outpost.test.pgUrl}; an unreachable database fails the test, it never skips it.
 */
public final class PgTestSchema implements AutoCloseable {
  static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

  final String name = "outpost_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final Pool admin;

  public PgTestSchema(Vertx vertx) {
    admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(baseUrl())).using(vertx).build();
    exec("CREATE SCHEMA " + name);
  }

  static String baseUrl() {
    String url = System.getProperty("outpost.test.pgUrl", "");
    return url.isBlank() ? DEFAULT_URL : url;
  }

  /** The URL a store uses: tables land in this schema; its connections carry the schema's name. */
  public String url() {
    String base = baseUrl();
    return base + (base.contains("?") ? "&" : "?") + "search_path=" + name + "&application_name=" + name;
  }

  RowSet<Row> exec(String sql) {
    return result(admin.query(sql).execute());
  }

  /** One number from a query; {@code $s} in it stands for this schema. */
  long number(String sql) {
    return exec(sql.replace("$s", name)).iterator().next().getLong(0);
  }

  @Override
  public void close() {
    try {
      exec("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } finally {
      result(admin.close());
    }
  }
}
