#!/usr/bin/env bash
# Stops exactly the processes that scripts/network-up.sh started (network/run/pids/*.pid), chaincode
# first, then peers, then the orderer. A PID file is honoured only while its process still has the
# recorded start time (no signal to a recycled PID). Safe to run any number of times.
# Usage: network-down.sh [--clean] [--quiet]   --clean also removes network/run/ (crypto, ledgers, logs)
set -euo pipefail
# shellcheck source=network-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/network-env.sh"

clean=0 quiet=0
for a in "$@"; do
    case "$a" in
        --clean) clean=1 ;;
        --quiet) quiet=1 ;;
        *) die "unknown option $a" ;;
    esac
done
say() { ((quiet)) || log "$@"; }

stop() {
    if ((quiet)); then stop_process "$1" 2>/dev/null; else stop_process "$1"; fi
}

stopped_any=0
if [[ -d "$NET_PIDS" ]]; then
    for name in chaincode peer0.agency peer0.court orderer; do
        [[ -f "$NET_PIDS/$name.pid" ]] && stopped_any=1
        stop "$name"
    done
    # anything else that up.sh recorded (e.g. future orderer2..4)
    for f in "$NET_PIDS"/*.pid; do
        [[ -e "$f" ]] || continue
        stopped_any=1
        stop "$(basename "$f" .pid)"
    done
fi
((stopped_any)) || say "network not running"
# Without running processes the connection settings are stale: clients (gateway tests) treat a missing
# run/connection.json as "no Fabric network".
rm -f "$NET_RUN/connection.json"

if ((clean)); then
    rm -rf "$NET_RUN"
    say "removed $NET_RUN"
fi
