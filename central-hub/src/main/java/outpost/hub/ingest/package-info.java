/**
 * The gRPC sync service: Hello, Push (one batch applied and acknowledged at a time) and Pull (pages
 * read only while the call is ready), with the mapping between protobuf messages and store values.
 * Never decides a change itself (the store's BatchApplier does), never buffers without bound, and
 * never calls a StreamObserver from two threads at once.
 */
package outpost.hub.ingest;
