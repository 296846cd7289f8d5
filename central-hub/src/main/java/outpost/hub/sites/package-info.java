/**
 * The site registry: adding a site (a token shown once, only its bcrypt hash stored), listing sites with
 * their activity, pending conflicts and lag, and disabling one. Never returns or logs a token hash, and
 * never hashes on an event loop.
 */
package outpost.hub.sites;
