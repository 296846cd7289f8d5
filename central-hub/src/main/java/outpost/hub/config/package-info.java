/**
 * The hub's configuration: one immutable {@link outpost.hub.config.HubConfig} read from JSON with
 * defaults and validation that names the bad field, and the collection catalog (scope, writers).
 */
package outpost.hub.config;
