/**
 * The embedded hub store: one H2 MVStore file per hub, for a single hub process and development.
 * Owns the file's map layout, its codecs and the persistence of {@code BatchPlan}s. Every MVStore call
 * runs on the store's one {@code SerialWorker} thread, never on an event loop or a caller's thread, and
 * no decision about a change is made here (that is {@code BatchApplier}'s job, shared with PostgreSQL).
 */
package outpost.hub.store.embedded;
