/**
 * The edge node's configuration: one immutable {@link outpost.edge.config.EdgeConfig} read from a JSON
 * file, overridden by environment variables and then by command-line flags, validated once with messages
 * that name the bad field. It also routes collections to hubs. It never opens files other than the config
 * itself, and never logs secrets.
 */
package outpost.edge.config;
