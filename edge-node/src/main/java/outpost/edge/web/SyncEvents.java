package outpost.edge.web;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import outpost.edge.run.RunJson;
import outpost.edge.run.RunResult;
import outpost.edge.sync.SyncApi;

/**
 * GET /api/sync/events: live RUN snapshots as server-sent events ({@code data: RUN-JSON}). One listener
 * on the engine fans out to the open streams, because the engine's listeners cannot be removed; each
 * write hops onto the stream's own event loop. A slow client drops snapshots instead of buffering them:
 * the next one carries the whole state anyway. A comment line every {@code keepAlive} keeps a quiet stream
 * from being closed by the server's idle timeout (and tells proxies it is alive).
 */
final class SyncEvents {
  private record Stream(Context context, HttpServerResponse response) {}

  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private final long keepAliveMillis;

  SyncEvents(SyncApi sync, Duration keepAlive) {
    this.keepAliveMillis = keepAlive.toMillis();
    sync.onProgress(this::publish);
  }

  void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache");
    Context context = Vertx.currentContext();
    Stream stream = new Stream(context, response);
    streams.add(stream);
    long timer = context.owner().setPeriodic(keepAliveMillis, id -> {
      if (!response.closed() && !response.writeQueueFull()) {
        response.write(": keep-alive\n\n");
      }
    });
    // Through the routing context: its end handlers are a list the connection guard also uses.
    ctx.addEndHandler(ar -> {
      streams.remove(stream);
      context.owner().cancelTimer(timer);
    });
    // A comment line opens the stream at once, so clients see the headers before the first run.
    response.write(": outpost sync events\n\n");
  }

  private void publish(RunResult run) {
    String event = "data: " + RunJson.toJson(run).encode() + "\n\n";
    for (Stream s : streams) {
      s.context().runOnContext(v -> {
        if (!s.response().closed() && !s.response().writeQueueFull()) {
          s.response().write(event);
        }
      });
    }
  }
}
