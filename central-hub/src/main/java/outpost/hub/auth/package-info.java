/**
 * Who may call the hub: site tokens (random, bcrypt-hashed, shown once), the gRPC interceptor that
 * checks site credentials and the protocol window before any message, a verification cache and a
 * throttle for repeated failures. Never logs, stores or echoes a token in clear; never persists the cache.
 */
package outpost.hub.auth;
