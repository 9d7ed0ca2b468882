#!/usr/bin/env bash
# Prints each network process, its PID and its health; exits 0 only when all are up and healthy.
# Orderer and peers: GET /healthz on their operations endpoints; chaincode server: TCP connect.
set -euo pipefail
# shellcheck source=network-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/network-env.sh"

all_ok=1
row() { printf '%-14s %-8s %-9s %-26s %s\n' "$@"; }
row NAME PID PROCESS ENDPOINT HEALTH

check() { # NAME ENDPOINT KIND(http|tcp) TARGET
    local name="$1" endpoint="$2" kind="$3" target="$4" pid="-" proc="stopped" h="-" body
    if [[ -f "$NET_PIDS/$name.pid" ]]; then
        read -r pid _ <"$NET_PIDS/$name.pid" || true
        pid_alive "$name" && proc="running" || proc="dead"
    fi
    if [[ "$proc" == running ]]; then
        if [[ "$kind" == http ]]; then
            body="$(curl -sS --max-time 2 "$target" 2>&1)" || true
            if [[ "$body" == *'"status":"OK"'* ]]; then h="OK"; else h="UNHEALTHY ${body:0:120}"; fi
        elif (echo >"/dev/tcp/$HOST/$target") 2>/dev/null; then
            h="OK (listening)"
        else
            h="NOT LISTENING"
        fi
    fi
    [[ "$proc" == running && "$h" == OK* ]] || all_ok=0
    row "$name" "$pid" "$proc" "$endpoint" "$h"
}

[[ -f "$NET_RUN/profile" ]] && NETWORK_PROFILE="$(cat "$NET_RUN/profile")"
orderers=1
[[ "$NETWORK_PROFILE" == bft ]] && orderers=4
for ((i = 1; i <= orderers; i++)); do
    check "$(orderer_name "$i")" "$HOST:$(orderer_port "$i")" http "http://$HOST:$(orderer_ops_port "$i")/healthz"
done
check peer0.court "$HOST:$COURT_PEER_PORT" http "http://$HOST:$COURT_OPS_PORT/healthz"
check peer0.agency "$HOST:$AGENCY_PEER_PORT" http "http://$HOST:$AGENCY_OPS_PORT/healthz"
check chaincode "$HOST:$CC_SERVER_PORT" tcp "$CC_SERVER_PORT"

if [[ -f "$NET_RUN/connection.json" ]]; then
    echo "profile: $NETWORK_PROFILE; connection settings: $NET_RUN/connection.json (package $(jq -r '.packageId // "?"' "$NET_RUN/connection.json"))"
fi
if ((all_ok)); then
    echo "network: healthy"
else
    echo "network: NOT healthy (logs in $NET_LOGS)"
    exit 1
fi
