/**
 * The edge node's local store: records, the per-hub change logs, cursors, conflicts, failed items and
 * sync history, all in one MVStore file. Every mutation runs on one serial writer thread
 * ({@link outpost.common.worker.SerialWorker}) and is committed before its future completes; a record
 * write and its log entry, and a pulled batch and its cursor, are always one commit. Never called
 * from code that expects a synchronous answer on an event loop.
 */
package outpost.edge.store;
