/**
 * The edge node's local store: records, the per-hub change logs and their counts, cursors, conflicts, failed items and
 * sync history, all in one MVStore file, with two redo journal files beside it. Every mutation runs on one
 * serial writer thread ({@link outpost.common.worker.SerialWorker}) and is durable before its future
 * completes: a local write (and its log entry) through the journal ({@link outpost.edge.store.JournaledCommits}),
 * anything else through an MVStore commit; a record write and its log entry, and a pulled batch and its
 * cursor, are always one unit. Never called from code that expects a synchronous answer on an event loop, but for
 * the pending counts, which are also kept in memory ({@link outpost.edge.store.PendingCounts}).
 */
package outpost.edge.store;
