/**
 * The error codes of docs/operations.md ("Error codes"), each with its human message, hint and HTTP status
 * ({@link outpost.common.error.ErrorCode#httpStatus()}, the one mapping both nodes' HTTP APIs answer with), and
 * the one unchecked exception that carries a code and whether retrying may help; the one way an error reads
 * ({@link outpost.common.error.ErrorText}) and which refused changes may be retried
 * ({@link outpost.common.error.FailedChange}). The gRPC status of a code is the hub's mapping
 * ({@code outpost.hub.grpc.GrpcErrors}); the code itself travels in the trailer this package names
 * ({@link outpost.common.error.ErrorTrailer}), which the edge reads back. This package never depends on gRPC or on
 * a node's web layer.
 */
package outpost.common.error;
