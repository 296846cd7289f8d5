package outpost.edge.schedule;

import io.vertx.core.Future;

/** The sync runner as the coordinator sees it: something that runs one sync cycle. */
public interface SyncLauncher {
  /**
   * Starts one sync cycle with every hub and answers when it has finished, whatever its status. The
   * coordinator chooses the run's id so that it can answer "the running run is X" before the run
   * ends; the runner must record the run under that id. A failed future counts as a failed run
   * (success false, no connection failure).
   */
  Future<RunOutcome> launch(RunRequest request);
}
