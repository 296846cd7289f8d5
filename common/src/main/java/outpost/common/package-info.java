/**
 * Pure code shared by the edge node and the hub: record keys, the id and collection rules and the scope
 * digest hash.
 * Nothing here does I/O, holds state or knows about gRPC or Vert.x contexts.
 */
package outpost.common;
