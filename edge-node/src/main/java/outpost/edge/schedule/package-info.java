/**
 * When sync runs start: the schedule config and its due times in the site's time zone, the
 * triggers (schedule, manual, local writes, reconnect, start-up, retry), one-run-at-a-time coalescing and
 * retry backoff. {@link outpost.edge.schedule.SyncCoordinator} is the one place that starts runs; it
 * reaches the sync engine only through {@link outpost.edge.schedule.SyncLauncher}.
 *
 * <p>This package never syncs, never touches the store and never blocks: it only decides when, on
 * one Vert.x context, with time read from {@link outpost.edge.schedule.Timers} so that tests and
 * simulations run it on a manual clock.
 */
package outpost.edge.schedule;
