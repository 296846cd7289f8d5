package outpost.edge.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import outpost.common.error.ErrorCode;
import outpost.edge.store.Conflicts;
import outpost.edge.store.FailedItems;
import outpost.edge.run.RunJson;
import outpost.edge.sync.SyncApi;

/**
 * GET /api/sync/errors.csv?from=&to=: one row per hub error, failed item and conflict, from the runs in
 * the window and from the failed items and conflicts still open.
 */
final class ErrorsCsv {
  static final String[] HEADER = {"syncId", "startedAt", "hub", "collection", "id", "operation", "code", "message",
      "hint"};
  private static final int MAX_RUNS = 1000;

  private final SyncApi sync;
  private final FailedItems failed;
  private final Conflicts conflicts;

  ErrorsCsv(SyncApi sync, FailedItems failed, Conflicts conflicts) {
    this.sync = sync;
    this.failed = failed;
    this.conflicts = conflicts;
  }

  void handle(RoutingContext ctx) {
    Instant from = SyncRoutes.instant(ctx.queryParams().get("from"), "from");
    Instant to = SyncRoutes.instant(ctx.queryParams().get("to"), "to");
    Future<List<Optional<JsonObject>>> runs = sync.runs(new SyncApi.RunQuery(from, to, null, null, null, null,
        MAX_RUNS)).compose(list -> {
          List<Future<Optional<JsonObject>>> details = list.stream()
              .map(r -> sync.run(r.id()).map(d -> d.map(RunJson::toJson))).toList();
          return Future.all(details).map(all -> all.<Optional<JsonObject>>list());
        });
    Future.all(runs, failed.list(), conflicts.list()).onSuccess(all -> {
      Rows rows = new Rows();
      List<Optional<JsonObject>> details = all.resultAt(0);
      details.forEach(d -> d.ifPresent(rows::run));
      List<JsonObject> failedItems = all.resultAt(1);
      failedItems.stream().filter(f -> within(f.getLong("at"), from, to)).forEach(rows::failedItem);
      List<JsonObject> open = all.resultAt(2);
      open.stream().filter(c -> within(c.getLong("detectedAt"), from, to)).forEach(rows::conflict);
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"outpost-sync-errors.csv\"").end(rows.csv());
    }).onFailure(ctx::fail);
  }

  private static boolean within(Long millis, Instant from, Instant to) {
    if (millis == null) {
      return true;
    }
    return (from == null || millis >= from.toEpochMilli()) && (to == null || millis <= to.toEpochMilli());
  }

  /** Collects rows once each (a failed item also appears in the run that produced it). */
  private static final class Rows {
    private final List<String[]> rows = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    void run(JsonObject run) {
      String id = run.getString("id");
      String started = text(run.getValue("startedAt"));
      for (Object h : run.getJsonArray("hubs", new JsonArray())) {
        if (h instanceof JsonObject hub && hub.getValue("error") instanceof JsonObject error) {
          add(id, started, hub.getString("name"), "", "", "", error.getString("code"), error.getString("message"),
              error.getString("hint"));
        }
      }
      for (Object i : run.getJsonArray("items", new JsonArray())) {
        if (i instanceof JsonObject item && isError(item.getString("status"))) {
          String code = item.getString("code", item.getString("status", "").toUpperCase(java.util.Locale.ROOT));
          add(id, started, item.getString("hub"), item.getString("collection"), item.getString("id"),
              item.getString("operation"), code, item.getString("message", item.getString("reason")),
              item.getString("hint", ErrorCode.parse(code).hint()));
        }
      }
    }

    void failedItem(JsonObject f) {
      JsonObject change = f.getJsonObject("change", new JsonObject());
      String code = f.getString("code", ErrorCode.REJECTED.name());
      add(f.getString("syncId"), text(f.getValue("at")), f.getString("hubName"), change.getString("c"),
          change.getString("i"), change.getString("op"), code, f.getString("reason"), ErrorCode.parse(code).hint());
    }

    void conflict(JsonObject c) {
      boolean delete = c.getJsonObject("local", new JsonObject()).getBoolean("deleted", false);
      add(c.getString("syncId"), text(c.getValue("detectedAt")), c.getString("hubName"), c.getString("collection"),
          c.getString("id"), delete ? "DELETE" : "PUT", ErrorCode.CONFLICT.name(),
          "changed on both sides: " + String.join(", ", c.getJsonArray("fields", new JsonArray()).stream()
              .map(String::valueOf).toList()), ErrorCode.CONFLICT.hint());
    }

    private static boolean isError(String status) {
      return status != null && (status.equalsIgnoreCase("failed") || status.equalsIgnoreCase("conflict")
          || status.equalsIgnoreCase("rejected"));
    }

    private void add(String... row) {
      String key = row[0] + '\u0000' + row[3] + '\u0000' + row[4] + '\u0000' + row[6];
      if (row[3] == null || row[3].isEmpty() || seen.add(key)) {
        rows.add(row);
      }
    }

    String csv() {
      StringBuilder out = new StringBuilder();
      try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
        for (String[] row : rows) {
          Object[] cells = new Object[row.length];
          for (int i = 0; i < row.length; i++) {
            cells[i] = neutralise(row[i]);
          }
          printer.printRecord(cells);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString();
    }

    /** A cell a spreadsheet would run as a formula (ids come from apps) is prefixed with a quote. */
    private static String neutralise(String cell) {
      if (cell == null) {
        return "";
      }
      return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    private static String text(Object time) {
      return time instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString()
          : time == null ? "" : time.toString();
    }
  }
}
