#!/usr/bin/env bash
# The demo (the README's first command): builds Outpost, starts a hub on the embedded store and two
# edge nodes, writes sample data, runs one sync on each edge, prints the status page URLs, and keeps
# running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO=${DEMO_DIR:-demo-data}
HUB_GRPC=${HUB_GRPC:-7443}
HUB_HTTP=${HUB_HTTP:-8090}
EDGE_A=${EDGE_A:-8081}
EDGE_B=${EDGE_B:-8082}
ADMIN_TOKEN=${ADMIN_TOKEN:-demo-admin-token}

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "== building (mvn -q -DskipTests package)"
  mvn -q -B -ntp -DskipTests package
fi
mkdir -p "$DEMO"
pids=()
cleanup() {
  echo; echo "== stopping"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_http() { # url
  for _ in $(seq 1 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "no answer from $1; see $DEMO/*.log" >&2; exit 1
}

cat > "$DEMO/hub.json" <<JSON
{"grpcPort": $HUB_GRPC, "httpPort": $HUB_HTTP, "data": "$DEMO/hub",
 "collections": [{"name": "patients", "scope": "site", "writers": "owner"},
                 {"name": "items", "scope": "shared", "writers": "hub"},
                 {"name": "notes", "scope": "shared", "writers": "any"}]}
JSON
echo "== starting the hub (gRPC $HUB_GRPC, admin http://127.0.0.1:$HUB_HTTP/)"
java -jar central-hub/target/central-hub.jar serve --config "$DEMO/hub.json" --admin-token "$ADMIN_TOKEN" \
  > "$DEMO/hub.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$HUB_HTTP/health"

auth=(-H "Authorization: Bearer $ADMIN_TOKEN" -H "Content-Type: application/json")
token_for() { # site
  curl -fs "${auth[@]}" -X POST "http://127.0.0.1:$HUB_HTTP/api/sites" -d "{\"id\":\"$1\"}" \
    | sed -E 's/.*"token" *: *"([^"]+)".*/\1/'
}
TOKEN_A=$(token_for clinic-a 2>/dev/null || true)
TOKEN_B=$(token_for clinic-b 2>/dev/null || true)
if [ -z "$TOKEN_A" ] || [ -z "$TOKEN_B" ]; then
  # Sites from an earlier demo run: their tokens are in the edge configs written then.
  TOKEN_A=$(sed -nE 's/.*"token": *"([^"]+)".*/\1/p' "$DEMO/edge-a.json" 2>/dev/null || true)
  TOKEN_B=$(sed -nE 's/.*"token": *"([^"]+)".*/\1/p' "$DEMO/edge-b.json" 2>/dev/null || true)
fi

start_edge() { # name site port token
  cat > "$DEMO/edge-$1.json" <<JSON
{"site": "$2", "data": "$DEMO/edge-$1", "httpPort": $3,
 "hubs": [{"name": "central", "address": "127.0.0.1:$HUB_GRPC", "token": "$4"}],
 "schedule": {"frequency": "interval", "intervalMinutes": 15}}
JSON
  java ${EDGE_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC} -jar edge-node/target/edge-node.jar serve --config "$DEMO/edge-$1.json" > "$DEMO/edge-$1.log" 2>&1 &
  pids+=($!)
}
echo "== starting edge nodes clinic-a (:$EDGE_A) and clinic-b (:$EDGE_B)"
start_edge a clinic-a "$EDGE_A" "$TOKEN_A"
start_edge b clinic-b "$EDGE_B" "$TOKEN_B"
wait_http "http://127.0.0.1:$EDGE_A/health"
wait_http "http://127.0.0.1:$EDGE_B/health"

echo "== writing sample data"
put() { curl -fs -X PUT -H "Content-Type: application/json" "http://127.0.0.1:$1/api/records/$2/$3" -d "$4" >/dev/null; }
put "$EDGE_A" patients pat-001 '{"name": "Amina Yusuf", "born": "1988-04-02", "ward": "maternity"}'
put "$EDGE_A" notes note-001 '{"title": "Generator", "body": "Fuel delivery on Thursday"}'
put "$EDGE_B" patients pat-101 '{"name": "Joseph Okello", "born": "1975-11-20", "ward": "general"}'
put "$EDGE_B" notes note-002 '{"title": "Cold chain", "body": "Fridge 2 at 5 C"}'

echo "== syncing"
java -jar edge-node/target/edge-node.jar sync-now --url "http://127.0.0.1:$EDGE_A" || true
java -jar edge-node/target/edge-node.jar sync-now --url "http://127.0.0.1:$EDGE_B" || true
java -jar edge-node/target/edge-node.jar sync-now --url "http://127.0.0.1:$EDGE_A" || true

cat <<TXT

== Outpost demo is running
  edge clinic-a status page:  http://127.0.0.1:$EDGE_A/
  edge clinic-b status page:  http://127.0.0.1:$EDGE_B/
  hub admin view:             http://127.0.0.1:$HUB_HTTP/   (admin token: $ADMIN_TOKEN)
  clinic-b now has note-001 from clinic-a:
    curl http://127.0.0.1:$EDGE_B/api/records/notes/note-001
  logs: $DEMO/*.log     Press Ctrl-C to stop.
TXT
wait
