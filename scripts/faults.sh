#!/usr/bin/env bash
# The fault simulation over many seeds (docs/reliability.md).
#
#   scripts/faults.sh [SEEDS] [CONFIG] [MODE]
#
# SEEDS   seeds per configuration (default 20).
# CONFIG  embedded, pg or both (default both): the hub's store.
# MODE    process (default): every node a child process started from its jar, about a minute a seed on
#         two cores; the pg configuration runs a private PostgreSQL cluster (initdb, as the postgres user
#         when run as root) that it restarts as a fault.
#         injvm: every node in one JVM (FaultSimulationIT's model and checker, smaller and quicker seeds,
#         a few seconds each); the pg configuration uses a throw-away schema on 127.0.0.1:5432
#         (-Doutpost.test.pgUrl in MAVEN_OPTS names another server).
#
# Works from a fresh clone: the modules are built in the reactor (-am), nothing is installed in ~/.m2.
# Every seed is printed with its figures and the command that replays it; a failing process seed keeps its
# nodes' logs under system-tests/target/fault-logs/SEED/. The figures of all seeds are appended to
# system-tests/target/fault-results-*.jsonl (FAULT_RESULTS names another file) and summed at the end. The
# exit code is non-zero when any seed failed.
# PARALLEL=N (injvm) runs N seeds at a time in the one JVM (default 3 here; InJvmFaultSimulationIT alone runs one at a time); each seed's
# lines are printed as one block when it ends. The summary gives the wall time and seeds per hour.
set -euo pipefail
cd "$(dirname "$0")/.."

SEEDS=${1:-20}
CONFIG=${2:-both}
MODE=${3:-process}
RESULTS=${FAULT_RESULTS:-$PWD/system-tests/target/fault-results-$(date +%Y%m%d-%H%M%S).jsonl}

case "$MODE" in
  process) TEST=FaultSimulationIT ;;
  injvm) TEST=InJvmFaultSimulationIT ;;
  *) echo "MODE must be process or injvm, not $MODE" >&2; exit 2 ;;
esac
case "$CONFIG" in
  embedded|pg|both) ;;
  *) echo "CONFIG must be embedded, pg or both, not $CONFIG" >&2; exit 2 ;;
esac

echo "== $SEEDS seeds per configuration ($CONFIG, $MODE); figures to $RESULTS"
status=0
PARALLEL_ARG=(-Doutpost.faults.parallel="${PARALLEL:-3}") # seeds at a time (the test alone runs one at a time)
started=$(date +%s)
before=$( [ -f "$RESULTS" ] && wc -l < "$RESULTS" || echo 0)
# -am: system-tests depends on the sibling modules, which a fresh clone has only as sources; verify packages
# their jars (which the process mode starts) before failsafe runs the one integration test that -Dit.test names.
# Naming it skips every unit test (the named-integration-tests profile of the parent pom).
mvn -B -ntp -pl system-tests -am verify -Dit.test="$TEST" \
  -Doutpost.faults.seeds="$SEEDS" -Doutpost.faults.config="$CONFIG" -Doutpost.faults.results="$RESULTS" \
  "${PARALLEL_ARG[@]}" | grep --line-buffered -E '^FAULTS|Tests run:|FAIL' || status=$?
# grep's status is 1 when nothing matched; the build's status is what counts.
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
elapsed=$(( $(date +%s) - started ))

echo "== summary"
if [ -f "$RESULTS" ]; then
  # Throughput: seeds over the whole command's wall time (build, JIT warm-up and all), load average at the end.
  done_seeds=$(( $(wc -l < "$RESULTS") - before ))
  echo "wall: $done_seeds seeds in $elapsed s ($(( done_seeds * 3600 / (elapsed > 0 ? elapsed : 1) )) seeds/hour," \
    "parallel ${PARALLEL:-3}); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # Sums every figure per mode and configuration; lines look like
  # {"mode":"injvm","config":"pg","seed":1,"millis":3000,...,"figures":{"a":1,...}}.
  awk '
    {
      match($0, /"config":"[a-z]+"/); config = substr($0, RSTART + 10, RLENGTH - 11)
      if (match($0, /"mode":"[a-z]+"/)) config = substr($0, RSTART + 8, RLENGTH - 9) "-" config
      seeds[config]++
      if ($0 ~ /"violations":[1-9]/) failed[config]++
      if (match($0, /"millis":[0-9]+/)) millis[config] += substr($0, RSTART + 9, RLENGTH - 9)
      f = substr($0, index($0, "\"figures\":{") + 11)
      while (match(f, /"[A-Za-z0-9.]+":-?[0-9]+/)) {
        pair = substr(f, RSTART, RLENGTH); f = substr(f, RSTART + RLENGTH)
        split(pair, kv, ":"); name = kv[1]; gsub(/"/, "", name)
        if (name ~ /^time\./ || name == "restart.maxMillis") continue
        sum[config "\t" name] += kv[2]; names[name] = 1
      }
    }
    END {
      for (c in seeds) printf "%s: %d seeds, %d failed, %.1f s a seed\n", c, seeds[c], failed[c] + 0,
        millis[c] / seeds[c] / 1000 > "/dev/stderr"
      for (name in names) {
        line = sprintf("  %-32s", name)
        for (c in seeds) line = line sprintf(" %s=%d", c, sum[c "\t" name] + 0)
        print line
      }
    }' "$RESULTS" | sort
fi
exit $status
