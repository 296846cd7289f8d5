/**
 * Pure code shared by the edge node and the hub: record keys, the id and collection rules, the range of origin
 * sequence numbers, the checks of a raw request path and the scope digest hash.
 * Nothing here does I/O, holds state or knows about gRPC or Vert.x contexts.
 */
package outpost.common;
