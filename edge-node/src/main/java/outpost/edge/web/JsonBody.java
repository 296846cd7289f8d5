package outpost.edge.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import outpost.common.error.OutpostException;
import outpost.common.json.StrictJson;

/**
 * Request bodies under the one input grammar (docs/input.md, common StrictJson): anything else is a 400 naming
 * the broken rule before a store call, so nothing is written.
 */
final class JsonBody {
  private JsonBody() {}

  static JsonObject object(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw OutpostException.badRequest("a JSON object body is required");
    }
    return StrictJson.object(buffer);
  }
}
