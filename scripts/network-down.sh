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

# stop NAME: TERM, wait up to 15 s, then KILL
stop() {
    local name="$1" f="$NET_PIDS/$1.pid" pid started now i
    [[ -f "$f" ]] || return 0
    read -r pid started <"$f" || true
    now="$(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null || true)"
    if [[ -z "$pid" || -z "$now" || "$now" != "$started" ]]; then
        say "$name not running"
        rm -f "$f"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "$name (pid $pid) ignored TERM; sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
    say "stopped $name (pid $pid)"
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
