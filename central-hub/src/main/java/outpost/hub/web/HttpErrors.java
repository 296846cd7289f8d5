package outpost.hub.web;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.hub.auth.AdminTokenGuard;

/** Error answers of the admin API: {"error": CODE, "message": ..., "hint": ...} with a fitting status. */
final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  static void send(RoutingContext ctx, int status, ErrorCode code, String message) {
    send(ctx, status, code, message, code.hint());
  }

  /** With a hint that fits this answer better than the code's general one. */
  static void send(RoutingContext ctx, int status, ErrorCode code, String message, String hint) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", code.name()).put("message", message).put("hint", hint).encode());
  }

  static void send(RoutingContext ctx, Throwable failure) {
    if (failure instanceof OutpostException e) {
      send(ctx, e.code().httpStatus(), e.code(), e.getMessage(), e.hint());
      return;
    }
    LOG.error("admin API request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
    send(ctx, 500, ErrorCode.INTERNAL_ERROR, "the request failed inside the hub; see the hub's log");
  }

  /** The router's failure handler: statuses set by Vert.x handlers (413 from the body limit, ...). */
  static void onFailure(RoutingContext ctx) {
    if (ctx.failure() instanceof HttpClosedException) {
      // The client went away (or the connection guard closed a request that never arrived whole).
      LOG.debug("{} {}: connection closed before the request was read", ctx.request().method(), ctx.request().path());
      return;
    }
    if (ctx.failure() != null) {
      send(ctx, ctx.failure());
      return;
    }
    onStatus(ctx, ctx.statusCode());
  }

  /**
   * A status without an exception, also the router's own errors (400 for a path it cannot decode, 404, 405),
   * whose context does not carry the status: always a JSON error.
   */
  static void onStatus(RoutingContext ctx, int status) {
    switch (status) {
      case 413 -> send(ctx, 413, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than the hub accepts");
      case 400 -> send(ctx, 400, ErrorCode.BAD_REQUEST, "the request is not valid");
      case 401 -> send(ctx, 401, ErrorCode.AUTH_ERROR, "an admin token is required", AdminTokenGuard.hint());
      case 403 -> send(ctx, 403, ErrorCode.PERMISSION_DENIED, "refused");
      case 404 -> send(ctx, 404, ErrorCode.NOT_FOUND, "no such resource");
      case 405 -> send(ctx, 405, ErrorCode.BAD_REQUEST, "method " + ctx.request().method() + " is not allowed here");
      default -> send(ctx, status < 400 ? 500 : status, ErrorCode.INTERNAL_ERROR, "the request failed");
    }
  }
}
