package outpost.edge.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.store.FailedItems;
import outpost.edge.sync.SyncApi;

/**
 * The changes a hub refused (docs/rest-api.md, "Failed items"): list them in the contract's words, retry one that
 * can succeed, discard any.
 */
final class FailedRoutes {
  private final FailedItems failed;
  private final SyncApi sync;

  /** {@code sync} null: no retry route (a node that never syncs has nothing to send again). */
  FailedRoutes(FailedItems failed, SyncApi sync) {
    this.failed = failed;
    this.sync = sync;
  }

  void mount(Router router) {
    router.get("/api/failed").handler(this::list);
    router.post("/api/failed/:seq/discard").handler(this::discard);
    if (sync != null) {
      router.post("/api/failed/:seq/retry").handler(this::retry);
    }
  }

  private void list(RoutingContext ctx) {
    Reply.with(ctx, failed.list(), 200, this::items);
  }

  private JsonObject items(List<JsonObject> stored) {
    JsonArray out = new JsonArray();
    stored.forEach(item -> out.add(toApi(item)));
    return new JsonObject().put("items", out);
  }

  /**
   * A stored failed item (the change as the log keeps it, under {@code change}) in the contract's words: which
   * record, which operation with which value, the hub's code, reason and hint, whether a retry can succeed, and
   * what the hub holds for this site ({@code hub.exists} false: a discard removes the record here).
   */
  private JsonObject toApi(JsonObject item) {
    JsonObject change = item.getJsonObject("change", new JsonObject());
    String code = item.getString("code", ErrorCode.REJECTED.name());
    JsonObject hub = failed.hubCopyVisible(item) ? item.getJsonObject("hub", new JsonObject()) : new JsonObject();
    long version = hub.getLong("version", 0L);
    boolean exists = version > 0 && !hub.getBoolean("deleted", false);
    JsonObject out = new JsonObject().put("seq", item.getLong("seq")).put("collection", change.getString("c"))
        .put("id", change.getString("i")).put("operation", change.getString("op"))
        .put("data", "DELETE".equals(change.getString("op")) ? null : change.getValue("d"))
        .put("code", code).put("reason", item.getString("reason"))
        .put("hint", ErrorCode.parse(code).hint()).put("retryable", FailedItems.retryable(item))
        .put("hubName", item.getString("hubName")).put("syncId", item.getString("syncId"))
        .put("at", item.getValue("at") instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : null)
        .put("hub", new JsonObject().put("exists", exists).put("version", version)
            .put("deleted", hub.getBoolean("deleted", false)).put("data", exists ? hub.getValue("data") : null));
    if (item.getString("setAside") != null) {
      out.put("setAside", item.getString("setAside"));
    }
    return out;
  }

  private void discard(RoutingContext ctx) {
    long seq = seq(ctx);
    Reply.with(ctx, failed.discard(seq), 200, d -> new JsonObject().put("discarded", d.seq())
        .put("collection", d.collection()).put("id", d.id()).put("outcome", d.outcome())
        .put("version", d.version()));
  }

  /** Re-queues one retryable item and starts a run to send it: answers that run's id. */
  private void retry(RoutingContext ctx) {
    long seq = seq(ctx);
    Reply.with(ctx, failed.retryOne(seq).compose(v -> sync.requestManual()), 202,
        syncId -> new JsonObject().put("retried", seq).put("syncId", syncId));
  }

  private static long seq(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("seq"));
    } catch (NumberFormatException e) {
      throw OutpostException.badRequest("seq must be the failed item's number");
    }
  }
}
