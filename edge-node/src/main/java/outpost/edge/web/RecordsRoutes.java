package outpost.edge.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import outpost.common.PathSegments;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.config.EdgeConfig;
import outpost.edge.store.EdgeStore;
import outpost.edge.store.LocalRecord;
import outpost.edge.store.Validation;

/** PUT/GET/DELETE /api/records/{collection}/{id}, the paged list and the bulk write. */
final class RecordsRoutes {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final EdgeConfig config;
  private final EdgeStore store;

  RecordsRoutes(EdgeConfig config, EdgeStore store) {
    this.config = config;
    this.store = store;
  }

  void mount(Router router) {
    // Without a path, and before the other API routes: matching a route with a wildcard or parameters
    // percent-decodes the path, which throws (a 500) on "%zz".
    router.route().handler(RecordsRoutes::noDotSegments);
    router.put("/api/records/:collection/:id").handler(this::put);
    router.get("/api/records/:collection/:id").handler(this::get);
    router.delete("/api/records/:collection/:id").handler(this::delete);
    router.get("/api/records/:collection").handler(this::list);
    router.post("/api/records/:collection").handler(this::bulk);
  }

  private void put(RoutingContext ctx) {
    String collection = ctx.pathParam("collection");
    String id = ctx.pathParam("id");
    JsonObject data = JsonBody.object(ctx);
    routed(collection);
    store.put(collection, id, data)
        .compose(created -> store.get(collection, id).map(r -> new Written(created, r.orElseThrow(
            () -> new OutpostException(ErrorCode.INTERNAL_ERROR, "record " + collection + "/" + id
                + " vanished after its write")))))
        .onSuccess(w -> Reply.json(ctx, w.created() ? 201 : 200, w.record().toApiJson()))
        .onFailure(ctx::fail);
  }

  private record Written(boolean created, LocalRecord record) {}

  private void get(RoutingContext ctx) {
    String collection = ctx.pathParam("collection");
    String id = ctx.pathParam("id");
    Reply.with(ctx, store.get(collection, id), 200, r -> r.map(LocalRecord::toApiJson)
        .orElseThrow(() -> notFound(collection, id)));
  }

  private void delete(RoutingContext ctx) {
    String collection = ctx.pathParam("collection");
    String id = ctx.pathParam("id");
    Validation.collection(collection);
    Validation.id(id);
    routed(collection);
    Reply.with(ctx, store.delete(collection, id), 200, deleted -> {
      if (!deleted) {
        throw notFound(collection, id);
      }
      return new JsonObject().put("collection", collection).put("id", id).put("deleted", true);
    });
  }

  private void list(RoutingContext ctx) {
    String collection = ctx.pathParam("collection");
    int limit = limit(ctx.queryParams().get("limit"));
    String after = ctx.queryParams().get("after");
    if (after != null && after.isEmpty()) {
      after = null;
    }
    Reply.with(ctx, store.list(collection, after, limit), 200, page -> {
      JsonArray items = new JsonArray();
      page.items().forEach(r -> items.add(r.toApiJson()));
      return new JsonObject().put("items", items).put("next", page.next()).put("unreadable", page.unreadable());
    });
  }

  private void bulk(RoutingContext ctx) {
    String collection = ctx.pathParam("collection");
    JsonObject body = JsonBody.object(ctx);
    Validation.collection(collection);
    if (!(body.getValue("items") instanceof JsonArray items)) {
      throw OutpostException.badRequest("the body must be {\"items\": [{\"id\": ..., \"data\": {...}}, ...]}");
    }
    if (items.size() > config.maxBulkItems()) {
      throw new OutpostException(ErrorCode.PAYLOAD_TOO_LARGE, items.size() + " items is more than the limit of "
          + config.maxBulkItems() + " per request: split the write");
    }
    routed(collection);
    List<EdgeStore.BulkItem> list = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof JsonObject item) || !(item.getValue("id") instanceof String id)
          || !(item.getValue("data") instanceof JsonObject data)) {
        throw OutpostException.badRequest("items[" + i + "] must be {\"id\": STRING, \"data\": OBJECT}");
      }
      list.add(new EdgeStore.BulkItem(id, data));
    }
    Reply.with(ctx, store.putAll(collection, list), 200, n -> new JsonObject().put("written", n));
  }

  /**
   * Refuses a raw path no record can have, and a bad percent escape in any path or query (common
   * PathSegments): a 400 here, not a 500 from the router.
   */
  private static void noDotSegments(RoutingContext ctx) {
    PathSegments.checkRequest(ctx.request().path(), ctx.request().query());
    ctx.next();
  }

  /** Refuses a write nobody would push: no hub takes the collection. */
  private void routed(String collection) {
    Validation.collection(collection);
    if (config.hubFor(collection) == null) {
      throw new OutpostException(ErrorCode.NOT_SUPPORTED, "collection '" + collection + "' is not routed to any "
          + "hub: list it in a hub's collections, or add a hub without a collections list");
    }
  }

  private static int limit(String raw) {
    if (raw == null || raw.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit < 1) {
        throw OutpostException.badRequest("limit must be at least 1");
      }
      return Math.min(limit, MAX_LIMIT);
    } catch (NumberFormatException e) {
      throw OutpostException.badRequest("limit must be a number");
    }
  }

  static OutpostException notFound(String collection, String id) {
    return new OutpostException(ErrorCode.NOT_FOUND, "no record " + collection + "/" + id);
  }
}
