/**
 * The edge node as a whole: {@link outpost.edge.EdgeNode} wires the config, store, sync engine and HTTP
 * server together and is the embedding API for apps that run a node in their own JVM. It holds no logic
 * of its own beyond start and stop order.
 */
package outpost.edge;
