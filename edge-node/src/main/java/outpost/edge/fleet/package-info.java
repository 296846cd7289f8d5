/**
 * What an edge tells each hub about itself at every sync (the protocol's FleetReport, docs/protocol.md): pending
 * changes, failed items, conflicts, store size and last error, for the hub's fleet view of its sites.
 */
package outpost.edge.fleet;
