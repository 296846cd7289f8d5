package outpost.hub.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import outpost.common.RecordKey;
import outpost.common.RecordRules;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.common.merge.ChangeOp;
import outpost.hub.config.Catalog;
import outpost.hub.config.CollectionRule;
import outpost.common.sync.ChangeOutcome;
import outpost.hub.store.HubStore;
import outpost.hub.store.IncomingChange;
import outpost.hub.store.StoredRecord;

/**
 * Hub-side reads and writes of records. A write is an ordinary change from site "" based on
 * {@code Long.MAX_VALUE}: it never conflicts, and it flows to the sites on their next pull.
 */
final class RecordsRoutes {
  private static final String HUB_SYNC_ID = "admin";
  private final HubStore store;
  private final Catalog catalog;

  RecordsRoutes(HubStore store, Catalog catalog) {
    this.store = store;
    this.catalog = catalog;
  }

  void mount(Router router) {
    router.get("/api/records/:collection").handler(ctx -> AdminApi.guarded(ctx, () -> list(ctx)));
    router.get("/api/records/:collection/:id").handler(ctx -> AdminApi.guarded(ctx, () -> get(ctx)));
    router.put("/api/records/:collection/:id").handler(ctx -> AdminApi.guarded(ctx, () -> put(ctx)));
    router.delete("/api/records/:collection/:id").handler(ctx -> AdminApi.guarded(ctx, () -> delete(ctx)));
  }

  static JsonObject view(StoredRecord r) {
    return new JsonObject().put("collection", r.collection()).put("id", r.id())
        .put("site", r.owner().isEmpty() ? null : r.owner()).put("version", r.version()).put("deleted", r.deleted())
        .put("data", r.data()).put("inConflict", r.inConflict()).put("originSite", r.originSite())
        .put("updatedAt", r.updatedAtMillis() == 0 ? null : java.time.Instant.ofEpochMilli(r.updatedAtMillis())
            .toString());
  }

  /** The record addressed, its id checked by the rules both nodes share before any store call. */
  private RecordKey key(RoutingContext ctx) {
    CollectionRule rule = rule(ctx);
    String id = ctx.pathParam("id");
    RecordRules.id(id);
    return new RecordKey(rule.name(), id);
  }

  private CollectionRule rule(RoutingContext ctx) {
    String collection = ctx.pathParam("collection");
    return catalog.rule(collection).orElseThrow(() -> new OutpostException(ErrorCode.NOT_SUPPORTED,
        "the hub does not know collection '" + collection + "'"));
  }

  private void list(RoutingContext ctx) {
    CollectionRule rule = rule(ctx);
    int limit;
    try {
      limit = Integer.parseInt(ctx.queryParams().get("limit") == null ? "100" : ctx.queryParams().get("limit"));
    } catch (NumberFormatException e) {
      throw OutpostException.badRequest("limit must be a number");
    }
    if (limit < 1 || limit > 1000) {
      throw OutpostException.badRequest("limit must be between 1 and 1000");
    }
    String after = ctx.queryParams().get("after");
    if (after != null && !after.isEmpty()) {
      RecordRules.id(after); // a cursor is an id: one no record can have must not reach the store
    }
    AdminApi.reply(ctx, 200, store.list(rule.name(), after == null ? "" : after, limit).map(records -> {
      JsonObject page = new JsonObject().put("items", new JsonArray(records.stream().map(RecordsRoutes::view).toList()));
      return page.put("next", records.size() == limit ? records.get(records.size() - 1).id() : null);
    }));
  }

  private void get(RoutingContext ctx) {
    RecordKey key = key(ctx);
    AdminApi.reply(ctx, 200, live(key).map(RecordsRoutes::view));
  }

  private Future<StoredRecord> live(RecordKey key) {
    return store.get(key).compose(found -> found.isPresent() && !found.get().deleted()
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(new OutpostException(ErrorCode.NOT_FOUND,
            "no record " + key.collection() + "/" + key.id())));
  }

  private void put(RoutingContext ctx) {
    CollectionRule rule = rule(ctx);
    RecordKey key = key(ctx);
    JsonObject data = AdminApi.bodyObject(ctx, false);
    String site = ctx.queryParams().get("site");
    if (site != null && !site.isEmpty() && !RecordRules.isSiteId(site)) {
      throw OutpostException.badRequest(RecordRules.SITE_RULE);
    }
    Future<JsonObject> result = store.get(key).compose(old -> {
      String owner = owner(rule, site, old);
      Set<String> changed = new HashSet<>(data.fieldNames());
      old.filter(r -> !r.deleted()).ifPresent(r -> changed.addAll(r.data().fieldNames()));
      boolean created = old.isEmpty() || old.get().deleted();
      IncomingChange change = new IncomingChange(0, key.collection(), key.id(), ChangeOp.PUT, data, changed,
          Long.MAX_VALUE, owner, "");
      return applyOne(change).compose(o -> store.get(key)).map(r -> {
        ctx.response().setStatusCode(created ? 201 : 200);
        return view(r.orElseThrow());
      });
    });
    result.onComplete(ar -> {
      if (ar.failed()) {
        HttpErrors.send(ctx, ar.cause());
      } else {
        ctx.response().putHeader("content-type", "application/json").end(ar.result().encode());
      }
    });
  }

  private static String owner(CollectionRule rule, String site, Optional<StoredRecord> old) {
    if (rule.scope() != CollectionRule.Scope.SITE) {
      return "";
    }
    if (site != null && !site.isEmpty()) {
      return site;
    }
    if (old.isPresent() && !old.get().owner().isEmpty()) {
      return old.get().owner();
    }
    throw OutpostException.badRequest("collection '" + rule.name()
        + "' is site-scoped: name the owner site with ?site=SITE_ID");
  }

  private void delete(RoutingContext ctx) {
    RecordKey key = key(ctx);
    AdminApi.reply(ctx, 200, live(key).compose(old -> applyOne(new IncomingChange(0, key.collection(), key.id(),
        ChangeOp.DELETE, null, Set.of(), Long.MAX_VALUE, old.owner(), "")))
        .map(o -> new JsonObject().put("collection", key.collection()).put("id", key.id())
            .put("version", o.version()).put("deleted", true)));
  }

  private Future<ChangeOutcome> applyOne(IncomingChange change) {
    return store.applyBatch("", HUB_SYNC_ID, List.of(change)).compose(outcomes -> {
      ChangeOutcome o = outcomes.get(0);
      if (o.status() == ChangeOutcome.Status.REJECTED) {
        return Future.failedFuture(new OutpostException(ErrorCode.parse(o.code()), o.reason()));
      }
      return Future.succeededFuture(o);
    });
  }
}
