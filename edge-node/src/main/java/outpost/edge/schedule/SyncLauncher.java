package outpost.edge.schedule;

import io.vertx.core.Future;

/** The sync runner as the coordinator sees it: something that runs one sync cycle, and stops it when asked. */
public interface SyncLauncher {
  /**
   * Starts one sync cycle with every hub and answers when it has finished, whatever its status. The
   * coordinator chooses the run's id so that it can answer "the running run is X" before the run
   * ends; the runner must record the run under that id. A failed future counts as a failed run
   * (success false, no connection failure).
   */
  Future<RunOutcome> launch(RunRequest request);

  /**
   * Asks the run {@code syncId} to stop at its next batch boundary, ending a backoff it waits in at once: the
   * coordinator is stopping. Its {@link #launch} future still completes when it has ended. Returns at once (it
   * is called on the coordinator's context); a run that has already ended ignores it.
   */
  void requestStop(String syncId);
}
