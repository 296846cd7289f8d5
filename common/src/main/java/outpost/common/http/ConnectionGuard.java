package outpost.common.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a node's HTTP server under its {@link HttpLimits}: the idle timeout, a cap on open connections,
 * and a deadline for each request's head and body. Vert.x offers the idle timeout only; a client sending a
 * byte now and then is never idle and would hold its connection for ever (slowloris), so each connection
 * carries one deadline: armed when it opens and when a response on it ends (the next request's head must
 * come in time), moved to the body when a head arrives, and cleared once the request is in. A response
 * being written (a server-sent event stream) has no deadline; the idle timeout covers it.
 */
public final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final long WARN_EVERY_MS = 60_000;

  private final Vertx vertx;
  private final HttpLimits limits;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE / 2);
  private final Map<HttpConnection, Deadline> deadlines = new ConcurrentHashMap<>();

  public ConnectionGuard(Vertx vertx, HttpLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /** Creates the server, puts the request deadline in front of {@code router} and listens. */
  public Future<HttpServer> listen(Router router, String host, int port) {
    router.route().order(Integer.MIN_VALUE).handler(this::requestStarted);
    return vertx.createHttpServer(limits.serverOptions(host, port)).connectionHandler(this::connected)
        .invalidRequestHandler(MalformedRequests::answer).requestHandler(router).listen();
  }

  /** Connections open now (accepted and not refused). */
  public int open() {
    return open.get();
  }

  private void connected(HttpConnection conn) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      long now = System.currentTimeMillis();
      long last = lastWarn.get();
      if (now - last >= WARN_EVERY_MS && lastWarn.compareAndSet(last, now)) {
        LOG.warn("HTTP connection from {} refused: {} connections are open (httpMaxConnections)",
            conn.remoteAddress(), limits.maxConnections());
      }
      conn.close();
      return;
    }
    Deadline deadline = new Deadline(conn);
    deadlines.put(conn, deadline);
    conn.closeHandler(v -> {
      open.decrementAndGet();
      deadlines.remove(conn);
      deadline.clear();
    });
    deadline.arm();
  }

  private void requestStarted(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HttpConnection conn = req.connection();
    Deadline deadline = deadlines.get(conn);
    if (deadline != null) {
      if (req.isEnded()) {
        deadline.clear();
      } else {
        long body = deadline.arm();
        req.end().onComplete(ar -> deadline.clear(body));
      }
      ctx.addEndHandler(ar -> deadline.arm());
    }
    ctx.next();
  }

  /** One connection's deadline; touched only on the connection's event loop. */
  private final class Deadline {
    private final HttpConnection conn;
    private long timer = -1;
    private long generation;

    Deadline(HttpConnection conn) {
      this.conn = conn;
    }

    /** (Re)starts the deadline; answers its generation, for {@link #clear(long)}. */
    long arm() {
      clear();
      long armed = generation;
      timer = vertx.setTimer(limits.requestTimeout().toMillis(), id -> {
        if (armed == generation) {
          LOG.debug("HTTP connection from {} closed: no whole request within {}", conn.remoteAddress(),
              limits.requestTimeout());
          conn.close();
        }
      });
      return armed;
    }

    /** Clears the deadline, if it is still the one armed as {@code armed}: a later one stays. */
    void clear(long armed) {
      if (armed == generation) {
        clear();
      }
    }

    void clear() {
      generation++;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
