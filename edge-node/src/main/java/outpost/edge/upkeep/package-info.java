/**
 * The edge store's background upkeep: on a Vert.x timer it removes sync runs older than {@code historyDays}
 * and compacts {@code edge.mv.db} when the file has grown to more than twice its live data. Every piece of
 * store work is a task on the store's writer thread, in bounded steps; nothing here blocks an event loop
 * or changes a record.
 */
package outpost.edge.upkeep;
