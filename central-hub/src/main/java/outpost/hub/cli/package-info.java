/**
 * The hub's command line (picocli): serve, site add|list|disable (on the store directly or through a
 * serving hub's admin API), config check. Prints a new site's token once and nowhere else; never logs it.
 */
package outpost.hub.cli;
