#!/usr/bin/env bash
# Outpost side by side with the PouchDB and SymmetricDS peers, in one run, on the same N documents of ~512 bytes:
# prints the rates and ratios and rewrites the "Side by side" section of docs/performance.md.
#   scripts/bench-peers.sh              # N = 100000 (about 10 minutes on this shared 2-core machine)
#   scripts/bench-peers.sh 2000         # a quick check of the harness (PouchDB needs N >= 1100)
# The peers are not part of this repository: they are taken from $OUTPOST_PEERS, default ../shared/peers
# (relative to the repository root); a missing peer is reported in the table and the run goes on. Each peer's
# run.sh installs what it needs (npm ci, mvn) into a temp work folder of its own ($PEER_WORK) and may run from
# a read-only folder. Peer progress goes to system-tests/target/bench/peers/<peer>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
PEERS="${OUTPOST_PEERS:-../shared/peers}"
for p in pouchdb symmetricds; do
  [ -f "$PEERS/$p/run.sh" ] || echo "bench-peers: peer '$p' is missing ($PEERS/$p/run.sh); set OUTPOST_PEERS" >&2
done
exec scripts/bench.sh --only peers --sizes "$N" --peers "$PEERS"
