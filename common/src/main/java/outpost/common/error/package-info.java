/**
 * The error codes of docs/operations.md ("Error codes") with their human message and hint, and the one unchecked
 * exception that carries a code and whether retrying may help; the one way an error reads ({@link
 * outpost.common.error.ErrorText}), which refused changes may be retried ({@link
 * outpost.common.error.FailedChange}) and the name of the gRPC trailer that carries a code ({@link
 * outpost.common.error.ErrorTrailer}). Mapped to gRPC or HTTP statuses only at the boundaries.
 */
package outpost.common.error;
