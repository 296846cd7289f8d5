#!/usr/bin/env bash
# The fault simulation over many seeds (docs/reliability.md).
#
#   scripts/faults.sh [SEEDS] [CONFIG]
#
# SEEDS   seeds per configuration (default 20); each takes about a minute on two cores.
# CONFIG  embedded, pg or both (default both). The pg configuration runs a private PostgreSQL
#         cluster (initdb, as the postgres user when run as root) that it restarts as a fault.
#
# Every seed is printed with its figures; a failing one is printed with the command that replays it
# and its nodes' logs are kept under system-tests/target/fault-logs/SEED/. The figures of all seeds
# are appended to system-tests/target/fault-results.jsonl and summed at the end. The exit code is
# non-zero when any seed failed. SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."

SEEDS=${1:-20}
CONFIG=${2:-both}
RESULTS=${FAULT_RESULTS:-$PWD/system-tests/target/fault-results-$(date +%Y%m%d-%H%M%S).jsonl}

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "== building the jars (mvn -q -DskipTests package)"
  mvn -q -B -ntp -DskipTests package
fi

echo "== $SEEDS seeds per configuration ($CONFIG); figures to $RESULTS"
status=0
mvn -B -ntp -pl system-tests test -Dtest=FaultSimulationTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Doutpost.faults.seeds="$SEEDS" -Doutpost.faults.config="$CONFIG" -Doutpost.faults.results="$RESULTS" \
  | grep --line-buffered -E '^FAULTS|Tests run:|FAIL' || status=$?
# grep's status is 1 when nothing matched; the build's status is what counts.
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== summary"
if [ -f "$RESULTS" ]; then
  # Sums every figure per configuration; lines look like {"config":"pg","seed":1,...,"figures":{"a":1,...}}.
  awk '
    {
      match($0, /"config":"[a-z]+"/); config = substr($0, RSTART + 10, RLENGTH - 11)
      seeds[config]++
      if ($0 ~ /"violations":[1-9]/) failed[config]++
      f = substr($0, index($0, "\"figures\":{") + 11)
      while (match(f, /"[A-Za-z0-9.]+":-?[0-9]+/)) {
        pair = substr(f, RSTART, RLENGTH); f = substr(f, RSTART + RLENGTH)
        split(pair, kv, ":"); name = kv[1]; gsub(/"/, "", name)
        if (name ~ /^time\./ || name == "restart.maxMillis") continue
        sum[config "\t" name] += kv[2]; names[name] = 1
      }
    }
    END {
      for (c in seeds) printf "%s: %d seeds, %d failed\n", c, seeds[c], failed[c] + 0 > "/dev/stderr"
      for (name in names) {
        line = sprintf("  %-32s", name)
        for (c in seeds) line = line sprintf(" %s=%d", c, sum[c "\t" name] + 0)
        print line
      }
    }' "$RESULTS" | sort
fi
exit $status
