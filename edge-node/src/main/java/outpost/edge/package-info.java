/**
 * The edge node as a whole: {@link outpost.edge.EdgeNode} wires the config, store, sync engine and HTTP
 * server together, in start and stop order; {@code outpost.edge.embed} is the embedding API over it. It
 * holds no logic of its own beyond that order.
 */
package outpost.edge;
