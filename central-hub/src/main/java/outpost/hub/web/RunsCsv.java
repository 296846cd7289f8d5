package outpost.hub.web;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import outpost.common.web.SpreadsheetCsv;
import outpost.hub.store.HubRun;
import outpost.hub.store.HubStore;

/** GET /api/sync/runs.csv: the runs GET /api/sync/runs would list, same parameters, one row each. */
final class RunsCsv {
  static final String[] HEADER = {"syncId", "site", "startedAt", "finishedAt", "status", "pushed", "applied",
      "conflicts", "rejected", "duplicates", "pulled", "error"};

  private final HubStore store;

  RunsCsv(HubStore store) {
    this.store = store;
  }

  void handle(RoutingContext ctx) {
    AdminApi.guarded(ctx, () -> OpsRoutes.query(store, ctx.queryParams()).onComplete(ar -> {
      if (ar.failed()) {
        HttpErrors.send(ctx, ar.cause());
        return;
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"outpost-hub-runs.csv\"").end(csv(ar.result()));
    }));
  }

  static String csv(List<HubRun> runs) {
    List<Object[]> rows = new ArrayList<>(runs.size());
    for (HubRun r : runs) {
      rows.add(new Object[] {r.syncId(), r.site(), Instant.ofEpochMilli(r.startedAtMillis()),
          r.finishedAtMillis() == 0 ? "" : Instant.ofEpochMilli(r.finishedAtMillis()), r.status(), r.pushed(),
          r.applied(), r.conflicts(), r.rejected(), r.duplicates(), r.pulled(), r.error()});
    }
    return SpreadsheetCsv.of(HEADER, rows);
  }
}
