package outpost.common.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import outpost.common.error.ErrorCode;

/**
 * Answers a request the HTTP decoder refused (a request line or headers over the server's limits, or bytes
 * that are not HTTP) the way every other refusal is answered: a 4xx with {@code {"error", "message"}}. Vert.x's
 * own answer has an empty body, which tells a client nothing it can act on.
 */
public final class MalformedRequests {
  private MalformedRequests() {}

  public static void answer(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      message = "the request line (method, path and query) is longer than this node accepts; ids and queries"
          + " are far shorter (docs/input.md)";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      message = "the request's headers are larger than this node accepts";
    } else {
      status = 400;
      message = "the request is not valid HTTP/1.1";
    }
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .end(new JsonObject().put("error", ErrorCode.BAD_REQUEST.name()).put("message", message).encode())
        .onComplete(ar -> request.connection().close());
  }
}
