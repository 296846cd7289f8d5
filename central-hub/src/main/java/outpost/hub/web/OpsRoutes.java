package outpost.hub.web;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import outpost.common.RecordKey;
import outpost.common.error.OutpostException;
import outpost.hub.sites.SiteService;
import outpost.hub.store.ConflictEntry;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;

/** Sites, sync runs and conflicts of the admin API. */
final class OpsRoutes {
  private static final int MAX_RUNS = 1_000;
  private final HubStore store;
  private final SiteService sites;

  OpsRoutes(HubStore store, SiteService sites) {
    this.store = store;
    this.sites = sites;
  }

  void mount(Router router) {
    router.get("/api/sites").handler(ctx -> AdminApi.reply(ctx, 200,
        sites.list().map(list -> new JsonObject().put("items", new JsonArray(List.copyOf(list))))));
    router.post("/api/sites").handler(ctx -> AdminApi.guarded(ctx, () -> {
      String id = AdminApi.bodyObject(ctx, false).getValue("id") instanceof String s ? s : null;
      SiteService.validateId(id);
      AdminApi.reply(ctx, 201, sites.add(id).map(n -> new JsonObject().put("id", n.id()).put("token", n.token())));
    }));
    router.post("/api/sites/:id/disable").handler(ctx -> AdminApi.reply(ctx, 200,
        sites.disable(ctx.pathParam("id")).map(v -> new JsonObject().put("id", ctx.pathParam("id"))
            .put("disabled", true))));
    router.post("/api/sites/:id/enable").handler(ctx -> AdminApi.reply(ctx, 200,
        sites.enable(ctx.pathParam("id")).map(v -> new JsonObject().put("id", ctx.pathParam("id"))
            .put("disabled", false))));
    router.post("/api/sites/:id/token").handler(ctx -> AdminApi.reply(ctx, 200,
        sites.rotateToken(ctx.pathParam("id")).map(n -> new JsonObject().put("id", n.id()).put("token", n.token()))));
    router.get("/api/sync/runs").handler(ctx -> AdminApi.guarded(ctx, () -> runs(ctx)));
    router.get("/api/conflicts").handler(ctx -> AdminApi.reply(ctx, 200, store.conflicts().map(list ->
        new JsonObject().put("items", new JsonArray(list.stream().map(ConflictEntry::toJson).toList())))));
    router.post("/api/conflicts/:collection/:id/resolve").handler(ctx -> AdminApi.guarded(ctx, () -> resolve(ctx)));
  }

  private void runs(RoutingContext ctx) {
    AdminApi.reply(ctx, 200, query(store, ctx.queryParams()).map(runs -> new JsonObject()
        .put("items", new JsonArray(runs.stream().map(OpsRoutes::runJson).toList()))));
  }

  /**
   * The runs GET /api/sync/runs selects ({@code site, status, collection, operation, from, to, q, limit}), newest
   * first; {@code collection} and {@code operation} ({@code push} or {@code pull}, the edge's words) keep the runs
   * that moved changes of that collection that way. Also
   * behind GET /api/sync/runs.csv. Throws BAD_REQUEST for a malformed parameter.
   */
  static Future<List<HubRun>> query(HubStore store, MultiMap params) {
    String site = blankToNull(params.get("site"));
    String status = blankToNull(params.get("status"));
    String q = blankToNull(params.get("q"));
    String collection = blankToNull(params.get("collection"));
    String operation = blankToNull(params.get("operation"));
    if (operation != null && !List.of("push", "pull").contains(operation)) {
      throw OutpostException.badRequest("operation must be \"push\" or \"pull\"");
    }
    long from = instant(params.get("from"), "from", Long.MIN_VALUE);
    long to = instant(params.get("to"), "to", Long.MAX_VALUE);
    int limit = limit(params.get("limit"));
    return store.runs(site, MAX_RUNS).map(runs -> runs.stream()
        .filter(r -> site == null || r.site().equals(site))
        .filter(r -> status == null || r.status().equalsIgnoreCase(status))
        .filter(r -> r.startedAtMillis() >= from && r.startedAtMillis() <= to)
        .filter(r -> q == null || r.syncId().contains(q) || r.site().contains(q))
        .filter(r -> collection == null && operation == null || r.touched(collection, operation))
        .limit(limit)
        .toList());
  }

  static JsonObject runJson(HubRun run) {
    JsonObject json = run.toJson();
    json.put("startedAt", Instant.ofEpochMilli(run.startedAtMillis()).toString());
    json.put("finishedAt", run.finishedAtMillis() == 0 ? null : Instant.ofEpochMilli(run.finishedAtMillis()).toString());
    // Per collection as the edge's run counts are: {collection, operation, count}.
    JsonArray counts = new JsonArray();
    new java.util.TreeMap<>(run.counts()).forEach((key, n) -> {
      int slash = key.indexOf('/');
      counts.add(new JsonObject().put("collection", key.substring(slash + 1)).put("operation", key.substring(0, slash))
          .put("count", n));
    });
    json.put("counts", counts);
    return json;
  }

  private void resolve(RoutingContext ctx) {
    JsonObject body = AdminApi.bodyObject(ctx, false);
    String keep = body.getValue("keep") instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
    if (keep == null || !List.of("hub", "local", "merged").contains(keep)) {
      throw OutpostException.badRequest("keep must be \"hub\", \"local\" or \"merged\"");
    }
    JsonObject data = body.getValue("data") instanceof JsonObject d ? d : null;
    if ("merged".equals(keep) && data == null) {
      throw OutpostException.badRequest("keep \"merged\" needs the merged value in data (an object)");
    }
    String site = body.getValue("site") instanceof String s ? s : null;
    RecordKey key = new RecordKey(ctx.pathParam("collection"), ctx.pathParam("id"));
    AdminApi.reply(ctx, 200, store.resolve(key, keep, site, data, "admin").map(RecordsRoutes::view));
  }

  /** An empty parameter (a form field left blank) means no filter. */
  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static long instant(String value, String name, long fallback) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value) : Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw OutpostException.badRequest(name + " must be an ISO-8601 instant or epoch milliseconds");
    }
  }

  private static int limit(String value) {
    try {
      int limit = value == null ? 100 : Integer.parseInt(value);
      if (limit < 1 || limit > MAX_RUNS) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw OutpostException.badRequest("limit must be between 1 and " + MAX_RUNS);
    }
  }
}
