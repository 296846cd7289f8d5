/**
 * The hub store's background upkeep: on a Vert.x timer it removes the recorded runs older than
 * {@code historyDays} (either store) and compacts the embedded store's {@code hub.mv.db} when the file has
 * grown to more than twice its live data. Store work goes through the store's own futures (the embedded
 * store's writer thread, in bounded steps); nothing here blocks an event loop or changes a record.
 */
package outpost.hub.upkeep;
