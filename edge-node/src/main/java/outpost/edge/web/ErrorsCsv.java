package outpost.edge.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import outpost.common.error.ErrorCode;
import outpost.common.web.SpreadsheetCsv;
import outpost.edge.store.Conflicts;
import outpost.edge.store.FailedItems;
import outpost.edge.run.RunJson;
import outpost.edge.sync.SyncApi;

/**
 * GET /api/sync/errors.csv?from=&to= (docs/rest-api.md, "Errors CSV"): one row per hub error, refused change and
 * conflict of the runs in the window, and per failed item and conflict still open. {@code operation} is the
 * record's operation (PUT or DELETE; empty on a hub error, which concerns no record); {@code state} says whether a
 * refused change or conflict is still open.
 */
final class ErrorsCsv {
  static final String[] HEADER = {"syncId", "startedAt", "hub", "collection", "id", "operation", "code", "message",
      "hint", "state"};
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
      List<JsonObject> failedItems = all.resultAt(1);
      List<JsonObject> open = all.resultAt(2);
      Rows rows = new Rows(failedItems, open);
      // Open items first (they know the most: fields, the resolution under way), then the runs' history.
      failedItems.stream().filter(f -> within(f.getLong("at"), from, to)).forEach(rows::failedItem);
      open.stream().filter(c -> within(c.getLong("detectedAt"), from, to)).forEach(rows::conflict);
      List<Optional<JsonObject>> details = all.resultAt(0);
      details.forEach(d -> d.ifPresent(rows::run));
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

  /** Collects rows once each (a failed item or conflict also appears in the run that produced it). */
  private static final class Rows {
    private final List<String[]> rows = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> failedRecords = new HashSet<>();
    private final Map<String, JsonObject> openConflicts = new HashMap<>();

    Rows(List<JsonObject> failedItems, List<JsonObject> open) {
      failedItems.forEach(f -> {
        JsonObject change = f.getJsonObject("change", new JsonObject());
        failedRecords.add(record(f.getString("syncId"), change.getString("c"), change.getString("i")));
      });
      open.forEach(c -> openConflicts.put(record("", c.getString("collection"), c.getString("id")), c));
    }

    void run(JsonObject run) {
      String id = run.getString("id");
      String started = text(run.getValue("startedAt"));
      for (Object h : run.getJsonArray("hubs", new JsonArray())) {
        if (h instanceof JsonObject hub && hub.getValue("error") instanceof JsonObject error) {
          ErrorCode code = ErrorCode.parse(error.getString("code"));
          add(id, started, hub.getString("name"), "", "", "", code.name(), message(error.getString("message"), code),
              hint(error.getString("hint"), code), "");
        }
      }
      for (Object i : run.getJsonArray("items", new JsonArray())) {
        if (!(i instanceof JsonObject item)) {
          continue;
        }
        String status = item.getString("status", "");
        String collection = item.getString("collection");
        String recordId = item.getString("id");
        if ("CONFLICT".equalsIgnoreCase(status)) {
          JsonObject open = openConflicts.get(record("", collection, recordId));
          add(id, started, item.getString("hub"), collection, recordId, operation(item.getString("operation")),
              ErrorCode.CONFLICT.name(), message(item.getString("message"), ErrorCode.CONFLICT),
              ErrorCode.CONFLICT.hint(), open == null ? "resolved" : conflictState(open));
        } else if ("REJECTED".equalsIgnoreCase(status) || "FAILED".equalsIgnoreCase(status)) {
          ErrorCode code = ErrorCode.parse(blankToNull(item.getString("code")) == null ? ErrorCode.REJECTED.name()
              : item.getString("code"));
          add(id, started, item.getString("hub"), collection, recordId, operation(item.getString("operation")),
              code.name(), message(item.getString("message"), code), code.hint(),
              failedRecords.contains(record(id, collection, recordId)) ? "failed item" : "retried or discarded");
        }
      }
    }

    void failedItem(JsonObject f) {
      JsonObject change = f.getJsonObject("change", new JsonObject());
      ErrorCode code = ErrorCode.parse(f.getString("code", ErrorCode.REJECTED.name()));
      add(f.getString("syncId"), text(f.getValue("at")), f.getString("hubName"), change.getString("c"),
          change.getString("i"), operation(change.getString("op")), code.name(), message(f.getString("reason"), code),
          code.hint(), "failed item");
    }

    void conflict(JsonObject c) {
      boolean delete = c.getJsonObject("local", new JsonObject()).getBoolean("deleted", false);
      List<String> fields = c.getJsonArray("fields", new JsonArray()).stream().map(String::valueOf).toList();
      add(c.getString("syncId"), text(c.getValue("detectedAt")), c.getString("hubName"), c.getString("collection"),
          c.getString("id"), delete ? "DELETE" : "PUT", ErrorCode.CONFLICT.name(), "changed here and on the hub: "
              + (fields.isEmpty() ? "the whole record" : String.join(", ", fields)), ErrorCode.CONFLICT.hint(),
          conflictState(c));
    }

    private static String conflictState(JsonObject open) {
      return open.getString("resolving") == null ? "open" : "resolving: keep " + open.getString("resolving");
    }

    /** The record operation; a run recorded before items carried it says only "push", which is not one. */
    private static String operation(String op) {
      return "PUT".equals(op) || "DELETE".equals(op) ? op : "";
    }

    private static String message(String message, ErrorCode code) {
      return blankToNull(message) == null ? code.message() : message;
    }

    private static String hint(String hint, ErrorCode code) {
      return blankToNull(hint) == null ? code.hint() : hint;
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s;
    }

    private static String record(String syncId, String collection, String id) {
      return syncId + '\u0000' + collection + '\u0000' + id;
    }

    private void add(String... row) {
      if (row[3] == null || row[3].isEmpty() || seen.add(record(row[0], row[3], row[4]))) {
        rows.add(row);
      }
    }

    String csv() {
      return SpreadsheetCsv.of(HEADER, rows);
    }

    private static String text(Object time) {
      return time instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString()
          : time == null ? "" : time.toString();
    }
  }
}
