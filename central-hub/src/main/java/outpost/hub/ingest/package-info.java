/**
 * The gRPC sync service: Hello (which keeps the edge's fleet report), Push (one batch applied and acknowledged at
 * a time), Pull (pages read only while the call is ready) and ReportRun (the edge's status of a run, {@link
 * outpost.hub.ingest.RunReports}), with the hub's own record of each run and the mapping between protobuf messages
 * and store values.
 * Never decides a change itself (the store's BatchApplier does), never buffers without bound, and
 * never calls a StreamObserver from two threads at once: each Push or Pull call runs its callbacks and store
 * completions in order on its own SerialExecutor, with no lock.
 */
package outpost.hub.ingest;
