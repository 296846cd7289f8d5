/**
 * Benchmarks of Outpost (issue 9): initial and incremental sync, many concurrent sites, local writes, and a
 * JFR profile of the initial sync. {@link outpost.bench.BenchMain} runs them all and rewrites the figures in
 * docs/performance.md ({@code scripts/bench.sh}); {@code BenchmarkSmokeIT} runs each at a tiny scale in CI.
 *
 * <p>Owns the benchmark harness only: it drives the real stores, sync engine and gRPC service and must never
 * hold production logic, and never assert anything about time (benchmarks are not tests).
 */
package outpost.bench;
