package outpost.edge.schedule;

import io.vertx.core.Future;
import java.time.Instant;

/** The sync engine as the coordinator sees it: something that runs one sync cycle. */
public interface SyncLauncher {
  /**
   * Starts one sync cycle with every hub and answers when it has finished, whatever its status. The
   * coordinator chooses the run's id so that it can answer "the running run is X" before the run
   * ends; the engine must record the run under that id. A failed future counts as a failed run
   * (success false, no connection failure).
   *
   * @param syncId the new run's id (a UUID)
   * @param trigger why the run starts
   * @param dueAt the schedule due time this run serves; null unless {@code trigger} is SCHEDULE (or a
   *     retry of a scheduled run)
   */
  Future<RunOutcome> launch(String syncId, Trigger trigger, Instant dueAt);
}
