/**
 * Assembles one hub process: Vert.x, the configured store, the gRPC sync server (limits, keepalive,
 * idle timeout, TLS) and the admin HTTP server, and stops them in order. Holds no sync logic, and never
 * blocks an event loop (the gRPC server starts and stops on a worker).
 */
package outpost.hub.server;
