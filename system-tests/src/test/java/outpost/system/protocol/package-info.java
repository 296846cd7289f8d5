/**
 * Tests of the sync protocol between real edges and a real hub (gRPC on port 0, MVStore files in temp
 * folders): cut and stalled links through the shared fault proxy (outpost.system.fixture), idle timeouts, lost acks, concurrent pushes and
 * pulls, message limits, and a large sync with the edge in a child JVM at -Xmx128m. Fixtures here
 * mirror the production wiring; they never stand in for a store or a server with a mock.
 */
package outpost.system.protocol;
