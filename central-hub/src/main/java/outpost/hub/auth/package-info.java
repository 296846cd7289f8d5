/**
 * Who may call the hub: site tokens (random, bcrypt-hashed, shown once), the gRPC interceptor that
 * checks site credentials and the protocol window before any message, a cache of verified tokens, budgets
 * for the costly checks (bcrypt, store lookups) and the admin token guard. Never logs, stores or echoes a
 * token in clear; never persists the cache; never refuses the right token because of someone else's
 * failures.
 */
package outpost.hub.auth;
