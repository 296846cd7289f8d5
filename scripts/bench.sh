#!/usr/bin/env bash
# Runs every benchmark (initial and incremental sync, PostgreSQL store, many sites, local writes, a JFR profile)
# and rewrites the generated part of docs/performance.md. Takes about 6 minutes on a quiet 2-core machine (longer when it is shared).
#   scripts/bench.sh                      # everything, full size
#   scripts/bench.sh --only sync,local    # a subset (sync, pg, sites, local, profile)
#   scripts/bench.sh --smoke              # tiny sizes, to check that the harness works
#   scripts/bench.sh --report-only        # rewrite docs/performance.md from the last run's saved figures
# The hub (and the driver) run in this JVM; each edge, the many-sites load generator and the 20-edge pushers
# run in child JVMs (edges at -Xmx128m). Raw figures are appended to system-tests/target/bench/results.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl system-tests -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="system-tests/target/test-classes:$(cat system-tests/target/bench-classpath.txt)"
exec java -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$CP" outpost.bench.BenchMain --doc docs/performance.md --work system-tests/target/bench "$@"
