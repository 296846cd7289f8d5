/**
 * The site registry: adding a site and rotating its token (a token shown once, only its bcrypt hash
 * stored), listing sites with their activity, pending conflicts and lag, disabling and enabling one.
 * Never returns or logs a token hash, and never hashes on an event loop.
 */
package outpost.hub.sites;
