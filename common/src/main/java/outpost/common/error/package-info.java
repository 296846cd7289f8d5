/**
 * The error codes of docs/operations.md ("Error codes") with their human message and hint, and the one unchecked
 * exception that carries a code and whether retrying may help. Mapped to gRPC or HTTP statuses only
 * at the boundaries.
 */
package outpost.common.error;
