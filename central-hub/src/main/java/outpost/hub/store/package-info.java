/**
 * The hub store contract ({@link outpost.hub.store.HubStore}) and its value types. Implementations
 * (embedded MVStore, PostgreSQL) only load and persist: every decision about a change is made by
 * {@link outpost.hub.store.BatchApplier}, so both stores behave identically. Every version-assigning
 * write is serialized, which keeps the hub sequence gap-free in commit order.
 */
package outpost.hub.store;
