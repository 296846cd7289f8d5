package outpost.edge.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** Small helpers to answer JSON from Futures, sending failures to the router's failure handler. */
final class Reply {
  private Reply() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  static <T> void with(RoutingContext ctx, Future<T> future, int status, Function<T, JsonObject> body) {
    future.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      try {
        json(ctx, status, body.apply(ar.result()));
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }
}
