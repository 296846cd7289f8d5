/**
 * Background upkeep of a store file, shared by the edge and the embedded hub: a timer that runs one round
 * at a time ({@link outpost.common.upkeep.UpkeepTimer}) and a compaction that shrinks an MVStore file to
 * its live data in bounded steps ({@link outpost.common.upkeep.Compaction}). Nothing here touches a store
 * directly: every step is a task the store runs on its own writer thread ({@link
 * outpost.common.upkeep.CompactableStore}), so nothing here ever blocks an event loop.
 */
package outpost.common.upkeep;
