package outpost.bench;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;

/** Gives each PostgreSQL benchmark run a fresh database, so that runs never see each other's data. */
final class PgDatabase {
  private PgDatabase() {}

  /** Drops and creates {@code name} on the server of {@code serverUrl} (a URL to any database there). */
  static String fresh(Vertx vertx, String serverUrl, String name) {
    PgConnectOptions options = PgConnectOptions.fromUri(serverUrl).setDatabase("postgres");
    PgConnection conn = Bench.await(PgConnection.connect(vertx, options));
    try {
      Bench.await(conn.query("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").execute());
      Bench.await(conn.query("CREATE DATABASE " + name).execute());
    } finally {
      Bench.await(conn.close());
    }
    return "postgresql://" + options.getUser() + "@" + options.getHost() + ":" + options.getPort() + "/" + name;
  }
}
