/**
 * How the edge store keeps its data: the MVStore maps and their stored forms ({@link
 * outpost.edge.store.impl.EdgeMaps}, {@link outpost.edge.store.impl.RecordCodec}, {@link
 * outpost.edge.store.impl.LogCodec}), the per-hub pending counts, the redo journals and group commits that make
 * local writes durable ({@link outpost.edge.store.impl.RedoJournal}, {@link outpost.edge.store.impl.RedoOp},
 * {@link outpost.edge.store.impl.JournaledCommits}), the local-write and sync-apply steps, and the handling of
 * stored values that cannot be read ({@link outpost.edge.store.impl.Damage}). Everything here runs on the store's
 * writer thread, inside a unit that {@link outpost.edge.store.EdgeStore} commits; its members are public only so
 * that {@code outpost.edge.store} can reach them. Only {@code outpost.edge.store} and this package may use it (an
 * architecture test holds this): callers go through {@code EdgeStore} and its views, which own the thread and the
 * commit.
 */
package outpost.edge.store.impl;
