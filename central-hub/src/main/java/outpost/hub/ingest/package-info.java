/**
 * The gRPC sync service: Hello, Push (one batch applied and acknowledged at a time) and Pull (pages
 * read only while the call is ready), with the mapping between protobuf messages and store values.
 * Never decides a change itself (the store's BatchApplier does), never buffers without bound, and
 * never calls a StreamObserver from two threads at once: each Push or Pull call runs its callbacks and store
 * completions in order on its own SerialExecutor, with no lock.
 */
package outpost.hub.ingest;
