/**
 * The edge node's HTTP surface (docs/rest-api.md): the records, sync, conflicts and failed-items REST API, the
 * live progress stream, /health and /metrics, and the sync status view (GET /, static files from {@code
 * webroot/edge} and the shared {@code outpost-web}, the node's identity and QR code). It guards the
 * boundary (API token, cross-site refusal,
 * body size, strict JSON) and maps {@link outpost.common.error.ErrorCode}s to HTTP statuses. It never
 * touches MVStore directly and never blocks an event loop: every store or sync call returns a Future.
 */
package outpost.edge.web;
