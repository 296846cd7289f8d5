package outpost.edge.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import outpost.common.error.OutpostException;
import outpost.edge.store.Conflicts;

/** The records flagged "reconcile manually": list and resolve (the changes a hub refused: {@link FailedRoutes}). */
final class ConflictRoutes {
  private final Conflicts conflicts;

  ConflictRoutes(Conflicts conflicts) {
    this.conflicts = conflicts;
  }

  void mount(Router router) {
    router.get("/api/conflicts").handler(this::list);
    router.post("/api/conflicts/:collection/:id/resolve").handler(this::resolve);
  }

  private void list(RoutingContext ctx) {
    Reply.with(ctx, conflicts.list(), 200, items -> items(items, "detectedAt"));
  }

  private void resolve(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    if (!(body.getValue("keep") instanceof String keep)) {
      throw OutpostException.badRequest("keep must be \"hub\", \"local\" or \"merged\"");
    }
    Object data = body.getValue("data");
    if (data != null && !(data instanceof JsonObject)) {
      throw OutpostException.badRequest("data must be a JSON object");
    }
    Reply.with(ctx, conflicts.resolve(ctx.pathParam("collection"), ctx.pathParam("id"), keep, (JsonObject) data),
        200, r -> r.toApiJson());
  }

  /** The store keeps times as epoch millis; the API speaks ISO-8601. */
  private static JsonObject items(List<JsonObject> items, String timeField) {
    JsonArray out = new JsonArray();
    for (JsonObject item : items) {
      if (item.getValue(timeField) instanceof Number n) {
        item.put(timeField, Instant.ofEpochMilli(n.longValue()).toString());
      }
      out.add(item);
    }
    return new JsonObject().put("items", out);
  }
}
