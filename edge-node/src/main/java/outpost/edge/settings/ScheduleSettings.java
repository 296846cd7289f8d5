package outpost.edge.settings;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import outpost.edge.schedule.ScheduleConfig;
import outpost.edge.store.EdgeStore;

/**
 * The schedule in force: the one set through {@code PUT /api/schedule} (kept in the edge store, so it
 * survives a restart) wins over the {@code "schedule"} object of {@code edge.json} until
 * {@code DELETE /api/schedule} removes it (docs/scheduling.md, "Changing the schedule while the node
 * runs").
 *
 * <p>Changes are applied one at a time, in the order they arrive: each is stored and then handed to
 * the coordinator before the next one starts, so the store, the coordinator and every answer agree
 * on one whole schedule even when two changes race.
 */
public final class ScheduleSettings {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleSettings.class);
  /** The setting's name in the store. */
  static final String SETTING = "schedule";

  private final EdgeStore store;
  private final ScheduleConfig file;
  private volatile ScheduleConfig stored;
  private volatile Function<ScheduleConfig, Future<Instant>> applier = c -> Future.succeededFuture(null);
  private Future<?> last = Future.succeededFuture();

  /**
   * @param file the schedule of the config file
   * @param stored the schedule set through the API, or null
   */
  public ScheduleSettings(EdgeStore store, ScheduleConfig file, ScheduleConfig stored) {
    this.store = Objects.requireNonNull(store, "store");
    this.file = Objects.requireNonNull(file, "file");
    this.stored = stored;
  }

  /** Reads the stored schedule, if any; one that no longer reads (an older layout) is ignored, logged. */
  public static Future<ScheduleSettings> load(EdgeStore store, ScheduleConfig file) {
    return store.setting(SETTING).map(json -> {
      ScheduleConfig stored = null;
      if (json != null) {
        try {
          stored = ScheduleConfig.fromJson(new JsonObject(json), "schedule");
          LOG.info("using the schedule set through the API, not edge.json's: {} (DELETE /api/schedule "
              + "returns to the file's)", json);
        } catch (RuntimeException e) {
          LOG.warn("the stored schedule cannot be read ({}); using edge.json's", e.getMessage());
        }
      }
      return new ScheduleSettings(store, file, stored);
    });
  }

  /** The schedule in force. */
  public ScheduleConfig current() {
    ScheduleConfig s = stored;
    return s != null ? s : file;
  }

  /** Whether the schedule in force was set through the API (else it is the config file's). */
  public boolean fromApi() {
    return stored != null;
  }

  /** The config file's schedule (in force again after a reset). */
  public ScheduleConfig file() {
    return file;
  }

  /** Who applies a new schedule to the running scheduler; answers its next due time. */
  public void onChange(Function<ScheduleConfig, Future<Instant>> applier) {
    this.applier = Objects.requireNonNull(applier, "applier");
  }

  /**
   * Validates a {@code "schedule"} object (the config file's rules and messages), stores it and applies
   * it; answers the next due time under it.
   *
   * @throws outpost.common.error.OutpostException BAD_REQUEST naming the field, before anything changes
   */
  public Future<Instant> put(JsonObject json) {
    ScheduleConfig next = ScheduleConfig.fromJson(json, "schedule");
    return inOrder(next, next.toJson().encode());
  }

  /** Removes the stored schedule: the config file's applies again. */
  public Future<Instant> reset() {
    return inOrder(null, null);
  }

  private synchronized Future<Instant> inOrder(ScheduleConfig next, String encoded) {
    Future<Instant> done = last.transform(ignored -> store.putSetting(SETTING, encoded)
        .compose(v -> {
          stored = next;
          return applier.apply(current());
        }));
    last = done;
    return done;
  }
}
