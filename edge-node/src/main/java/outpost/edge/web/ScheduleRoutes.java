package outpost.edge.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.function.Supplier;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;
import outpost.edge.settings.ScheduleSettings;

/**
 * GET, PUT and DELETE /api/schedule: the schedule in force, a new one (validated as the config file's
 * {@code "schedule"} object, kept in the store) and the return to the file's (docs/scheduling.md).
 */
final class ScheduleRoutes {
  private static final String PREFIX = "schedule.";

  private final ScheduleSettings settings;
  private final Supplier<Instant> nextDue;

  ScheduleRoutes(ScheduleSettings settings, Supplier<Instant> nextDue) {
    this.settings = settings;
    this.nextDue = nextDue;
  }

  void mount(Router router) {
    router.get("/api/schedule").handler(ctx -> Reply.json(ctx, 200, body(nextDue.get())));
    router.put("/api/schedule").handler(this::put);
    router.delete("/api/schedule").handler(ctx -> answer(ctx, settings.reset()));
  }

  private void put(RoutingContext ctx) {
    Future<Instant> applied;
    try {
      applied = settings.put(JsonBody.object(ctx));
    } catch (OutpostException e) {
      if (e.code() == ErrorCode.BAD_REQUEST && e.getMessage().startsWith(PREFIX)) {
        // The message names the field as the config file's check does; the view marks that input.
        String field = e.getMessage().split(" ", 2)[0];
        Reply.json(ctx, 400, new JsonObject().put("error", e.code().name()).put("message", e.getMessage())
            .put("hint", e.code().hint()).put("field", field.substring(PREFIX.length())));
        return;
      }
      throw e;
    }
    answer(ctx, applied);
  }

  private void answer(RoutingContext ctx, Future<Instant> applied) {
    // The scheduler's answer, or the status's when no scheduler runs (a node without sync).
    Reply.with(ctx, applied, 200, due -> body(due != null ? due : nextDue.get()));
  }

  private JsonObject body(Instant due) {
    return new JsonObject().put("schedule", settings.current().toJson())
        .put("source", settings.fromApi() ? "api" : "file").put("file", settings.file().toJson())
        .put("nextDue", due == null ? null : due.toString());
  }
}
