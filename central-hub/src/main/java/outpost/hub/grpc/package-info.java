/**
 * The hub's gRPC error boundary, shared by the interceptor that refuses calls and the service that answers them:
 * the one mapping from an {@code ErrorCode} to a gRPC status, with the code in a trailer. Holds no state and
 * never touches the store.
 */
package outpost.hub.grpc;
