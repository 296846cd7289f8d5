/**
 * The hub's admin HTTP API (design.md §7): sites, runs, conflicts, hub-side record reads and writes,
 * health and metrics, behind a bearer admin token, with cross-site and body-size guards. Never touches
 * store internals (everything goes through HubStore), never blocks an event loop, never echoes a token
 * except the one a new site receives once.
 */
package outpost.hub.web;
