package outpost.hub.store.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations {@code db/migration/V<n>__<what>.sql} listed in
 * {@code db/migration/index.txt}, each in its own transaction, and records them in
 * {@code outpost_schema_version}. Every transaction first takes a transaction-scoped advisory lock,
 * so hub replicas that start together apply each migration exactly once (the loser waits, then sees
 * the version recorded and skips it).
 */
final class PgMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(PgMigrations.class);
  private static final String DIR = "db/migration/";
  private static final Pattern NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");
  /** Any fixed number works; every Outpost hub on the database must use the same one. */
  static final long LOCK_KEY = 0x6f7574706f7374L;

  /** One migration script. */
  record Migration(int version, String name, String sql) {}

  private PgMigrations() {}

  /** Applies the pending migrations; answers how many this call applied. */
  static Future<Integer> migrate(Vertx vertx, Pool pool) {
    return vertx.executeBlocking(PgMigrations::load, false)
        .compose(migrations -> pool.withTransaction(conn -> lock(conn)
                .compose(v -> conn.query("SELECT to_regclass('outpost_schema_version') IS NULL").execute())
                .compose(rows -> rows.iterator().next().getBoolean(0)
                    // Checked first rather than IF NOT EXISTS, which logs a notice on every start.
                    ? conn.query("CREATE TABLE outpost_schema_version (version integer PRIMARY KEY, "
                        + "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())").execute().mapEmpty()
                    : Future.<Void>succeededFuture()))
            .compose(v -> applyFrom(pool, migrations, 0, 0)));
  }

  private static Future<Integer> applyFrom(Pool pool, List<Migration> migrations, int index, int applied) {
    if (index == migrations.size()) {
      return Future.succeededFuture(applied);
    }
    Migration m = migrations.get(index);
    return pool.withTransaction(conn -> lock(conn)
        .compose(v -> conn.preparedQuery("SELECT 1 FROM outpost_schema_version WHERE version = $1")
            .execute(Tuple.of(m.version())))
        .compose(rows -> {
          if (rows.size() > 0) {
            return Future.succeededFuture(false);
          }
          LOG.info("applying schema migration {}", m.name());
          return conn.query(m.sql()).execute()
              .compose(r -> conn.preparedQuery("INSERT INTO outpost_schema_version (version, name) VALUES ($1, $2)")
                  .execute(Tuple.of(m.version(), m.name())))
              .map(true);
        }))
        .compose(did -> applyFrom(pool, migrations, index + 1, applied + (did ? 1 : 0)));
  }

  private static Future<Void> lock(SqlConnection conn) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY)).mapEmpty();
  }

  /** Reads the index and the scripts from the class path (blocking: run off the event loop). */
  static List<Migration> load() throws IOException {
    List<Migration> migrations = new ArrayList<>();
    for (String line : read(DIR + "index.txt").split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Matcher m = NAME.matcher(name);
      if (!m.matches()) {
        throw new IllegalStateException("migration '" + name + "' is not named V<n>__<what>.sql");
      }
      int version = Integer.parseInt(m.group(1));
      if (version != migrations.size() + 1) {
        throw new IllegalStateException("migration '" + name + "' should be V" + (migrations.size() + 1));
      }
      migrations.add(new Migration(version, name, read(DIR + name)));
    }
    return migrations;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = PgMigrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing class path resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
