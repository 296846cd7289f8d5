/**
 * The sync protocol's values that both nodes read, free of wire types: the edge receives them from a push and
 * the hub produces them. Plain values only; this package never talks to a store, a stream or protobuf.
 */
package outpost.common.sync;
