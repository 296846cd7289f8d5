/**
 * Fault injection and hostile input against real processes: the seeded fault simulation (a hub and three
 * edges as child processes, links through loopback proxies, kills, cuts, stalls and database restarts,
 * checked against a model of acknowledged writes), the divergence repair, idle timeouts, gRPC and REST
 * fuzzing, and the security checks. Results are described in docs/reliability.md.
 *
 * <p>Tests here start every process they use and stop it; they never touch a server they did not start
 * (PostgreSQL restarts happen on a private cluster) and never wait with a bare sleep for a condition.
 */
package outpost.system.fault;
