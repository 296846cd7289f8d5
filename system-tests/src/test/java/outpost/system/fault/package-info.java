/**
 * Fault injection and hostile input against real nodes: the seeded fault simulation (a hub and three edges,
 * links through the shared fault proxy of outpost.system.fixture, kills, cuts, stalls, lost acknowledgements and database restarts, checked
 * against a model of acknowledged writes), run with every node a child process ({@code FaultSimulationIT}) or
 * with every node in the test's JVM on real stores and real gRPC ({@code InJvmFaultSimulationIT}, small quick
 * seeds by the thousand); the divergence repair, gRPC and REST fuzzing, and the security checks.
 * Results are described in docs/reliability.md.
 *
 * <p>Tests here start every process and node they use and stop it; they never touch a server they did not start
 * (PostgreSQL restarts happen on a private cluster; in-JVM hubs use a schema of their own) and never wait with a
 * bare sleep for a condition.
 */
package outpost.system.fault;
