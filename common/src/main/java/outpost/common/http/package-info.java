/**
 * What both nodes' HTTP servers enforce before a route sees a request: which host names the node answers
 * for ({@link outpost.common.http.HostAllowList}, against DNS rebinding) and how long and how many
 * connections a client may hold ({@link outpost.common.http.HttpLimits}, {@link
 * outpost.common.http.ConnectionGuard}, against idle and half-sent requests). It knows nothing of routes,
 * tokens or stores, and never blocks an event loop: every timer runs on the connection's own event loop.
 */
package outpost.common.http;
