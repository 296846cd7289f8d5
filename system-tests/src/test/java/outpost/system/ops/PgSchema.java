package outpost.system.ops;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.util.UUID;
import outpost.system.fixture.Await;

/**
 * A throw-away schema in the shared test database (URL in {@code outpost.test.pgUrl}), so these tests never
 * see other tests' tables. The database itself is shared with other people's tests: it is never stopped.
 */
final class PgSchema implements AutoCloseable {
  static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";
  final String name = "outpost_ops_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final Vertx vertx = Vertx.vertx();
  private final Pool admin;

  PgSchema() {
    admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(baseUrl())).using(vertx).build();
    Await.of(admin.query("CREATE SCHEMA " + name).execute());
  }

  static String baseUrl() {
    String url = System.getProperty("outpost.test.pgUrl", "");
    return url.isBlank() ? DEFAULT_URL : url;
  }

  static URI baseUri() {
    return URI.create(baseUrl());
  }

  /** The URL of this schema with the server's host and port replaced (e.g. by a proxy's). */
  String url(String host, int port) {
    URI base = baseUri();
    String userInfo = base.getRawUserInfo() == null ? "" : base.getRawUserInfo() + "@";
    String query = base.getRawQuery() == null ? "" : base.getRawQuery() + "&";
    return base.getScheme() + "://" + userInfo + host + ":" + port + base.getRawPath() + "?" + query
        + "search_path=" + name + "&application_name=" + name;
  }

  /** Runs a statement in this schema; answers the rows it changed. */
  int update(String sql) {
    return Await.of(admin.query("SET search_path TO " + name).execute()
        .compose(v -> admin.query(sql).execute())).rowCount();
  }

  @Override
  public void close() {
    try {
      Await.of(admin.query("DROP SCHEMA IF EXISTS " + name + " CASCADE").execute());
    } finally {
      Await.of(admin.close());
      Await.of(vertx.close());
    }
  }
}
