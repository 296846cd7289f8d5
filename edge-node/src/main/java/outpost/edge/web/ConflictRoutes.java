package outpost.edge.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import outpost.common.error.OutpostException;
import outpost.edge.store.Conflicts;
import outpost.edge.store.FailedItems;

/** The records flagged "reconcile manually" and the changes a hub refused: list, resolve, discard. */
final class ConflictRoutes {
  private final Conflicts conflicts;
  private final FailedItems failed;

  ConflictRoutes(Conflicts conflicts, FailedItems failed) {
    this.conflicts = conflicts;
    this.failed = failed;
  }

  void mount(Router router) {
    router.get("/api/conflicts").handler(this::list);
    router.post("/api/conflicts/:collection/:id/resolve").handler(this::resolve);
    router.get("/api/failed").handler(this::failed);
    router.post("/api/failed/:seq/discard").handler(this::discard);
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

  private void failed(RoutingContext ctx) {
    Reply.with(ctx, failed.list(), 200, items -> items(items, "at"));
  }

  private void discard(RoutingContext ctx) {
    long seq;
    try {
      seq = Long.parseLong(ctx.pathParam("seq"));
    } catch (NumberFormatException e) {
      throw OutpostException.badRequest("seq must be the failed item's number");
    }
    Reply.with(ctx, failed.discard(seq), 200, v -> new JsonObject().put("discarded", seq));
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
