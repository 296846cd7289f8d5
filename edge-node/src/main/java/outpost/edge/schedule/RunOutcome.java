package outpost.edge.schedule;

import java.util.Objects;

/**
 * How a finished run went, as far as scheduling cares.
 *
 * @param syncId the run's id (the one the coordinator passed to {@link SyncLauncher#launch})
 * @param success true when retrying would not help: the run is {@code COMPLETE}, or {@code PARTIAL}
 *     only because of item-level rejections or conflicts (those wait for a person, not for a retry).
 *     False starts the backoff and a retry.
 * @param connectionFailure true when at least one hub could not be reached ({@code CONNECTION_ERROR}
 *     or {@code TIMEOUT}); arms the reconnect trigger (see {@link SyncCoordinator#hubReachable()})
 * @param reason why the run failed, in a sentence with its code (shown with the next retry); null on success
 */
public record RunOutcome(String syncId, boolean success, boolean connectionFailure, String reason) {
  public RunOutcome {
    Objects.requireNonNull(syncId, "syncId");
  }

  public RunOutcome(String syncId, boolean success, boolean connectionFailure) {
    this(syncId, success, connectionFailure, null);
  }
}
