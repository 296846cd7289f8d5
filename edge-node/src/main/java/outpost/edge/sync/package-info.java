/**
 * The edge's sync client: one cycle per hub (push, then pull, then the divergence check), over gRPC
 * with flow control, on a dedicated sync thread per run that may wait (never on an event loop). Live
 * progress and finished runs are published as RUN JSON (design.md §6).
 */
package outpost.edge.sync;
