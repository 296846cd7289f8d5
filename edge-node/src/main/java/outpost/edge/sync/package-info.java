/**
 * The edge's sync client: one cycle per hub (Hello, push, then pull, then the divergence check), over gRPC
 * with flow control, on a dedicated sync thread that may wait (never on an event loop); after the run, its
 * report to each hub reached ({@link outpost.edge.sync.RunReporter}).
 * {@link outpost.edge.sync.SyncEngine} is the runner (a {@code RunRequest} in, a {@code RunResult} out) and
 * {@link outpost.edge.sync.CoordinatedSync} the node's one {@link outpost.edge.sync.SyncApi}, whose scheduler is
 * the runner's only caller. Runs are typed ({@code outpost.edge.run}); RUN JSON is written at the boundaries.
 */
package outpost.edge.sync;
