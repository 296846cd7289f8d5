/**
 * The edge node's local store, as its callers see it: {@link outpost.edge.store.EdgeStore} (records, the per-hub
 * change logs and their counts, cursors, digests), its views ({@link outpost.edge.store.Conflicts}, {@link
 * outpost.edge.store.FailedItems}, {@link outpost.edge.store.RunHistory}, {@link outpost.edge.store.Repair}) and
 * the values they take and return ({@link outpost.edge.store.LocalRecord}, {@link outpost.edge.store.LogEntry},
 * {@link outpost.edge.store.RemoteRecord}, {@link outpost.common.sync.ChangeOutcome}, {@link
 * outpost.edge.store.Tally}, {@link outpost.edge.store.CollectionRules}, {@link outpost.edge.store.Durability}).
 * All of it is in one MVStore file, with two redo journal files beside it; how it is stored lives in {@code
 * outpost.edge.store.impl}. Every mutation runs on one serial writer thread ({@link
 * outpost.common.worker.SerialWorker}) and is durable before its future completes: a local write (and its log
 * entry) through the journal, anything else through an MVStore commit; a record write and its log entry, and a
 * pulled batch and its cursor, are always one unit. Never called from code that expects a synchronous answer on an
 * event loop, but for the pending counts, which are also kept in memory.
 */
package outpost.edge.store;
