/**
 * The hub store on PostgreSQL through vertx-pg-client: schema migrations, the batch write path that
 * numbers versions under one row lock shared by every hub replica, pulls read in one snapshot (from
 * a streaming replica when one is configured, {@link outpost.hub.store.pg.ReplicaPulls}), and the
 * site registry. It persists what {@link outpost.hub.store.BatchApplier} decides and never makes
 * a merge or permission decision itself; it never blocks an event loop and never keeps state that
 * another replica would need to see.
 */
package outpost.hub.store.pg;
