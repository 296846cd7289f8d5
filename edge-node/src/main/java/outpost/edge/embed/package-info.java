/**
 * The embedding API: an app that runs the edge node inside its own JVM builds one with
 * {@link outpost.edge.embed.EmbeddedEdge#builder(String)}, writes and reads records, starts syncs and
 * observes their status and runs (docs/embedding.md). It is a thin layer over {@code EdgeNode}, its store
 * and its sync engine, with the same validation and rules as {@code edge.json} and the REST API. It holds
 * no logic of its own and never blocks a Vert.x thread; only {@code close()} blocks, by contract.
 */
package outpost.edge.embed;
