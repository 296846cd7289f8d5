/**
 * The hub's admin HTTP API (docs/rest-api.md): sites, runs (and their CSV), conflicts, hub-side record reads
 * and writes, totals, health and metrics, behind a bearer admin token, with cross-site and body-size
 * guards; and the admin view (GET /, static files from {@code webroot/hub} and the shared
 * {@code outpost-web}), which holds no data itself.
 * Never touches store internals (everything goes through HubStore), never blocks an event loop, never
 * echoes a token except the one a new site receives once.
 */
package outpost.hub.web;
