package outpost.edge.schedule;

import java.time.Instant;

/**
 * A consistent snapshot of the coordinator for the status API, safe to read from any thread.
 *
 * @param running whether a run is going
 * @param currentSyncId the running run's id, or null
 * @param currentTrigger the running run's trigger, or null
 * @param currentDueAt the due time the running run serves, or null
 * @param nextDue the next scheduled due time; an overdue one (waiting behind a run or a backoff)
 *     while it has not started; null before start and after stop
 * @param lastDue the due time of the last scheduled run started, or null
 * @param lastDueStartedAt when that run actually started (its due time may be earlier), or null
 * @param backoffUntil when the retry after a failed run may start, or null when not backing off
 * @param consecutiveFailures failed runs since the last success
 * @param disconnected whether the last finished run could not reach a hub (reset by a success)
 * @param changesWaiting whether local writes are waiting for a change run
 * @param retryReason why the last run failed, with its code, while failures wait for a retry (the
 *     retry starts at {@code backoffUntil}, or sooner on a reconnect); null after a success
 * @param queuedManualId the manual run a Sync now queued behind a running automatic retry, until it starts;
 *     else null
 */
public record ScheduleStatus(
    boolean running,
    String currentSyncId,
    Trigger currentTrigger,
    Instant currentDueAt,
    Instant nextDue,
    Instant lastDue,
    Instant lastDueStartedAt,
    Instant backoffUntil,
    int consecutiveFailures,
    boolean disconnected,
    boolean changesWaiting,
    String retryReason,
    String queuedManualId) {

  /** Before the scheduler starts, or for a node without one. */
  public static final ScheduleStatus INITIAL =
      new ScheduleStatus(false, null, null, null, null, null, null, null, 0, false, false, null, null);
}
