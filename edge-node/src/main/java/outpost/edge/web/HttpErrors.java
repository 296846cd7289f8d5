package outpost.edge.web;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** The one place where error codes become HTTP statuses and {"error","message","hint"} bodies. */
final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  static void send(RoutingContext ctx, int status, ErrorCode code, String message) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    JsonObject body = new JsonObject().put("error", code.name()).put("message", message).put("hint", code.hint());
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  static void send(RoutingContext ctx, OutpostException e) {
    send(ctx, e.code().httpStatus(), e.code(), e.getMessage());
  }

  /** The router's failure handler: maps whatever failed the request. */
  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpClosedException) {
      // The client went away (or the connection guard closed a request that never arrived whole): nobody
      // is left to answer, and it is not the node's failure.
      LOG.debug("{} {}: connection closed before the request was read", ctx.request().method(), ctx.request().path());
      return;
    }
    if (failure instanceof OutpostException e) {
      if (e.code().httpStatus() == 500) {
        LOG.warn("{} {} failed: {} {}", ctx.request().method(), ctx.request().path(), e.code(), e.getMessage(), e);
      }
      send(ctx, e);
      return;
    }
    int status = failure instanceof HttpException h ? h.getStatusCode() : ctx.statusCode();
    switch (status) {
      case 400 -> send(ctx, 400, ErrorCode.BAD_REQUEST, "the request is not valid");
      case 404 -> send(ctx, 404, ErrorCode.NOT_FOUND, "no such resource: " + ctx.request().path());
      case 405 -> send(ctx, 405, ErrorCode.BAD_REQUEST, "method " + ctx.request().method() + " is not allowed on "
          + ctx.request().path());
      case 413 -> send(ctx, 413, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than the limit");
      default -> {
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        send(ctx, 500, ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.message());
      }
    }
  }
}
