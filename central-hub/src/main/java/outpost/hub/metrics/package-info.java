/**
 * The hub's metrics registry (Micrometer, Prometheus text): counters and gauges that the ingest and
 * web packages update. Holds numbers only; never a token or record data.
 */
package outpost.hub.metrics;
