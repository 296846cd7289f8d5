/**
 * The edge node's command line (picocli): {@code serve}, {@code sync-now}, {@code status} and
 * {@code config check}. The client commands talk to a running node over its REST API only; none of them
 * opens the store file (a serving node holds its lock).
 */
package outpost.edge.cli;
