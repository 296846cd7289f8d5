package outpost.common.http;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long and how many HTTP connections one node keeps (docs/operations.md, "HTTP limits").
 *
 * @param idleTimeout a connection with no byte read or written for this long is closed
 * @param requestTimeout a request's head and body must arrive within this long of the connection opening,
 *     or of the previous response on it ending (a client trickling bytes is never idle, so the idle timeout
 *     alone would not close it)
 * @param maxConnections connections beyond this many are closed as soon as they are accepted
 */
public record HttpLimits(Duration idleTimeout, Duration requestTimeout, int maxConnections) {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;
  public static final HttpLimits DEFAULT = new HttpLimits(DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
      DEFAULT_MAX_CONNECTIONS);

  public HttpLimits {
    if (idleTimeout == null || idleTimeout.toMillis() < 1 || requestTimeout == null || requestTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("HTTP timeouts must be at least 1 ms");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1");
    }
  }

  /**
   * The server options: the idle timeout, and HTTP/1.1 only. Cleartext HTTP/2 is off because no browser
   * speaks it and its many streams per connection would share one request deadline.
   */
  public HttpServerOptions serverOptions(String host, int port) {
    return new HttpServerOptions().setHost(host).setPort(port).setIdleTimeout((int) Math.min(Integer.MAX_VALUE,
        idleTimeout.toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setHttp2ClearTextEnabled(false);
  }

  /** How often a long-lived response (server-sent events) writes a comment so it is never idle. */
  public Duration keepAliveEvery() {
    return Duration.ofMillis(Math.max(1, idleTimeout.toMillis() / 3));
  }
}
