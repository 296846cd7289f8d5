package outpost.hub.web;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
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
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
      for (HubRun r : runs) {
        printer.printRecord(cell(r.syncId()), cell(r.site()), Instant.ofEpochMilli(r.startedAtMillis()),
            r.finishedAtMillis() == 0 ? "" : Instant.ofEpochMilli(r.finishedAtMillis()), r.status(), r.pushed(),
            r.applied(), r.conflicts(), r.rejected(), r.duplicates(), r.pulled(), cell(r.error()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Text a spreadsheet would run as a formula (ids and messages come from sites) starts with a quote. */
  private static String cell(String text) {
    if (text == null) {
      return "";
    }
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
  }
}
