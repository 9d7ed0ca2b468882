#!/usr/bin/env bash
# Stops, kills or starts one process of a running network, for fault drills and tests:
#   network-node.sh stop NAME     SIGTERM (then SIGKILL after 15 s)
#   network-node.sh kill NAME     SIGKILL at once (a crash)
#   network-node.sh start NAME    the same command network-up.sh used (run/cmd/NAME.cmd), same data; waits until ready
# NAME: orderer, orderer2..4 (BFT), peer0.court, peer0.agency, chaincode. Honours NETWORK_RUN_DIR / NETWORK_PORT_BASE.
set -euo pipefail
# shellcheck source=network-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/network-env.sh"

[[ $# -eq 2 ]] || die "usage: network-node.sh stop|kill|start NAME"
action="$1" name="$2"
[[ "$name" =~ ^(orderer[2-4]?|peer0\.court|peer0\.agency|chaincode)$ ]] || die "unknown process $name"
[[ -f "$NET_RUN/profile" ]] && NETWORK_PROFILE="$(cat "$NET_RUN/profile")"
case "$action" in
    stop) stop_process "$name" TERM ;;
    kill) stop_process "$name" KILL ;;
    start)
        pid_alive "$name" && { log "$name is already running"; exit 0; }
        [[ -f "$NET_RUN/cmd/$name.cmd" ]] || die "no recorded command for $name in $NET_RUN/cmd (was the network started by network-up.sh?)"
        eval "command_line=($(cat "$NET_RUN/cmd/$name.cmd"))"
        # shellcheck disable=SC2154 # command_line is set by eval
        start "$name" "${command_line[@]}"
        wait_ready "$name"
        log "$name ready"
        ;;
    *) die "usage: network-node.sh stop|kill|start NAME" ;;
esac
