/**
 * The single-writer worker that owns an MVStore: one named thread runs every task in order, groups
 * the tasks queued together under one commit (and one fsync), and only then completes their futures
 * on the callers' Vert.x contexts. Nothing here may ever run on an event loop.
 */
package outpost.common.worker;
