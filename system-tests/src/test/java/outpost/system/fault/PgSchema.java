package outpost.system.fault;

import java.util.List;
import java.util.UUID;

/**
 * A throw-away schema in the shared test database ({@code outpost.test.pgUrl}) for a hub started as a
 * process: its tables land there through {@code search_path}, and the schema is dropped afterwards.
 * Used where the server is only read and written, never restarted.
 */
final class PgSchema implements AutoCloseable {
  static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

  private final String name = "outpost_f_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private PgSchema() {}

  static PgSchema create() {
    PgSchema s = new PgSchema();
    s.psql("CREATE SCHEMA " + s.name);
    return s;
  }

  private static String baseUrl() {
    String url = System.getProperty("outpost.test.pgUrl", "");
    return url.isBlank() ? DEFAULT_URL : url;
  }

  String url() {
    String base = baseUrl();
    return base + (base.contains("?") ? "&" : "?") + "search_path=" + name + "&application_name=" + name;
  }

  private void psql(String sql) {
    java.net.URI uri = java.net.URI.create(baseUrl().replaceFirst("^postgres(ql)?://", "http://"));
    String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":")[0];
    PgServer.Result r = PgServer.run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", uri.getHost(), "-p",
        Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()), "-U", user, "-d", uri.getPath().substring(1),
        "-c", sql), 60);
    if (r.exit() != 0) {
      throw new IllegalStateException("psql failed: " + sql + "\n" + r.output());
    }
  }

  @Override
  public void close() {
    psql("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }
}
