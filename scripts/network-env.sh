# shellcheck shell=bash disable=SC2034
# Shared settings for the native Fabric network scripts (sourced, never run).
# Ports and host names here must agree with network/configtx.yaml and network/crypto-config.yaml.

NET_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NET_DIR="$NET_ROOT/network"
NET_RUN="${NETWORK_RUN_DIR:-$NET_DIR/run}"   # everything generated at set-up time (gitignored)
NET_BIN="${FABRIC_BIN_DIR:-}"              # set by network-up.sh from scripts/build-fabric.sh
NET_CRYPTO="$NET_RUN/crypto"
NET_CONFIG="$NET_RUN/config"                # core.yaml / orderer.yaml copied from Fabric's sampleconfig
NET_DATA="$NET_RUN/data"
NET_LOGS="$NET_RUN/logs"
NET_PIDS="$NET_RUN/pids"
NET_ARTIFACTS="$NET_RUN/artifacts"

CHANNEL="${CHANNEL:-court}"
CC_NAME="${CC_NAME:-court-ledger}"
CC_VERSION="${CC_VERSION:-1.0}"
CC_SEQUENCE="${CC_SEQUENCE:-1}"
# Chaincode-level endorsement policy; see network/README.md "Endorsement policy".
CC_POLICY="${CC_POLICY:-OR('CourtMSP.peer','AgencyMSP.peer')}"
# Module the chaincode server loads (must contain package.json whose main exports `contracts`).
CC_MODULE_PATH="${CC_MODULE_PATH:-$NET_ROOT/chaincode}"
COURT_CODE="${COURT_CODE:-C0001}"

HOST=127.0.0.1
# Every port is NETWORK_PORT_BASE (default 7050) plus a fixed offset, so a second network (tests, the BFT
# profile) runs beside the first with NETWORK_PORT_BASE=17050 and its own NETWORK_RUN_DIR.
PORT_BASE="${NETWORK_PORT_BASE:-7050}"
[[ "$PORT_BASE" =~ ^[0-9]+$ ]] && ((PORT_BASE >= 1024 && PORT_BASE <= 62000)) ||
    { printf '[network] ERROR: NETWORK_PORT_BASE=%s is not a port number from 1024 to 62000\n' "$PORT_BASE" >&2; exit 1; }
port() { echo $((PORT_BASE + $1 - 7050)); } # port DEFAULT → the default port moved by the base
ORDERER_PORT="$(port 7050)"
ORDERER_ADMIN_PORT="$(port 7053)"
ORDERER_OPS_PORT="$(port 9443)"
COURT_PEER_PORT="$(port 7051)"
COURT_CC_PORT="$(port 7052)"
COURT_OPS_PORT="$(port 9444)"
AGENCY_PEER_PORT="$(port 9051)"
AGENCY_CC_PORT="$(port 9052)"
AGENCY_OPS_PORT="$(port 9445)"
CC_SERVER_PORT="${CC_SERVER_PORT:-$(port 9999)}"
# BFT profile: orderer2..4 on +100/+200/+300 (admin likewise), operations 9446..9448.
orderer_port() { echo $((ORDERER_PORT + 100 * ($1 - 1))); }
orderer_admin_port() { echo $((ORDERER_ADMIN_PORT + 100 * ($1 - 1))); }
orderer_ops_port() { if (($1 == 1)); then echo "$ORDERER_OPS_PORT"; else port $((9444 + $1)); fi; }
orderer_name() { if (($1 == 1)); then echo orderer; else echo "orderer$1"; fi; }
# Profile: raft (1 etcdraft orderer, default) or bft (4 SmartBFT orderers); network-up.sh --bft selects bft.
NETWORK_PROFILE="${NETWORK_PROFILE:-raft}"

ORDERER_DOMAIN=example.com
ORDERER_HOST=orderer.example.com
COURT_DOMAIN=court.example.com
AGENCY_DOMAIN=agency.example.com

ORDERER_ORG_DIR="$NET_CRYPTO/ordererOrganizations/$ORDERER_DOMAIN"
ORDERER_NODE_DIR="$ORDERER_ORG_DIR/orderers/$ORDERER_HOST"
orderer_node_dir() { echo "$ORDERER_ORG_DIR/orderers/$(orderer_name "$1").$ORDERER_DOMAIN"; }
ORDERER_TLS_CA="$ORDERER_ORG_DIR/tlsca/tlsca.$ORDERER_DOMAIN-cert.pem"
ORDERER_ADMIN_DIR="$ORDERER_ORG_DIR/users/Admin@$ORDERER_DOMAIN"

FABRIC_BINARIES=(peer orderer osnadmin configtxgen cryptogen configtxlator)

log() { printf '[network] %s\n' "$*" >&2; }
die() { printf '[network] ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }

# org_dir ORG → crypto dir of a peer org (ORG = court | agency)
org_domain() { case "$1" in court) echo "$COURT_DOMAIN" ;; agency) echo "$AGENCY_DOMAIN" ;; *) die "unknown org $1" ;; esac; }
org_msp() { case "$1" in court) echo CourtMSP ;; agency) echo AgencyMSP ;; *) die "unknown org $1" ;; esac; }
org_peer_port() { case "$1" in court) echo "$COURT_PEER_PORT" ;; agency) echo "$AGENCY_PEER_PORT" ;; esac; }
org_cc_port() { case "$1" in court) echo "$COURT_CC_PORT" ;; agency) echo "$AGENCY_CC_PORT" ;; esac; }
org_ops_port() { case "$1" in court) echo "$COURT_OPS_PORT" ;; agency) echo "$AGENCY_OPS_PORT" ;; esac; }
org_dir() { echo "$NET_CRYPTO/peerOrganizations/$(org_domain "$1")"; }
peer_host() { echo "peer0.$(org_domain "$1")"; }
peer_dir() { echo "$(org_dir "$1")/peers/$(peer_host "$1")"; }
peer_tls_ca() { echo "$(org_dir "$1")/tlsca/tlsca.$(org_domain "$1")-cert.pem"; }

# Environment of the `peer` CLI acting as ORG's admin against ORG's peer.
peer_cli_env() {
    local org="$1"
    export FABRIC_CFG_PATH="$NET_CONFIG"
    export CORE_PEER_TLS_ENABLED=true
    export CORE_PEER_LOCALMSPID
    CORE_PEER_LOCALMSPID="$(org_msp "$org")"
    export CORE_PEER_MSPCONFIGPATH
    CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/Admin@$(org_domain "$org")/msp"
    export CORE_PEER_TLS_ROOTCERT_FILE
    CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tls_ca "$org")"
    # Peers are addressed as localhost (a name every peer's TLS certificate holds), never through
    # CORE_PEER_TLS_SERVERHOSTOVERRIDE: that override would apply to every --peerAddresses of a command.
    export CORE_PEER_ADDRESS
    CORE_PEER_ADDRESS="localhost:$(org_peer_port "$org")"
    unset CORE_PEER_TLS_SERVERHOSTOVERRIDE
    export CORE_VM_ENDPOINT=
}

# pid_alive NAME → 0 when network/run/pids/NAME.pid names a live process
# (the file holds "<pid> <start time>"; a recycled PID with another start time does not count)
pid_alive() {
    local f="$NET_PIDS/$1.pid" pid started now
    [[ -f "$f" ]] || return 1
    read -r pid started <"$f" || true
    [[ -n "$pid" ]] || return 1
    now="$(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null)" || return 1
    [[ "$now" == "$started" ]]
}

# start NAME COMMAND... : runs COMMAND detached with its output in logs/NAME.log and its PID in
# pids/NAME.pid as "<pid> <start time in clock ticks>" (network-down checks both before signalling).
start() {
    local name="$1"
    shift
    # COURT_LEDGER_NETWORK_RUN marks the process as this network's, so a later up can recognise a
    # leftover whose PID file is gone (see free_ports).
    # The command is kept in cmd/NAME.cmd so that network-node.sh can start the same process again.
    mkdir -p "$NET_RUN/cmd"
    printf '%q ' "$@" >"$NET_RUN/cmd/$name.cmd"
    COURT_LEDGER_NETWORK_RUN="$NET_RUN" setsid "$@" >>"$NET_LOGS/$name.log" 2>&1 </dev/null &
    local pid=$!
    local started
    started="$(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    echo "$pid $started" >"$NET_PIDS/$name.pid"
    log "started $name (pid $pid)"
}

# health URL → prints the /healthz status ("OK" or the body) and returns 0 when OK
health() {
    local body
    body="$(curl -fsS --max-time 2 "$1" 2>/dev/null)" || return 1
    [[ "$body" == *'"status":"OK"'* ]]
}

# wait_health NAME URL TIMEOUT_S: polls the operations endpoint; fails early if the process died
wait_health() {
    local name="$1" url="$2" timeout="${3:-60}" start
    start="$(date +%s)"
    until health "$url"; do
        pid_alive "$name" || die "$name exited during start-up; see $NET_LOGS/$name.log (last lines: $(tail -n 5 "$NET_LOGS/$name.log" 2>/dev/null | tr '\n' ' '))"
        (($(date +%s) - start < timeout)) || die "$name not healthy at $url after ${timeout}s; see $NET_LOGS/$name.log"
        sleep 0.2
    done
}

# wait_port NAME PORT TIMEOUT_S: for processes without an operations endpoint (chaincode server)
wait_port() {
    local name="$1" port="$2" timeout="${3:-30}" start
    start="$(date +%s)"
    until (echo >"/dev/tcp/$HOST/$port") 2>/dev/null; do
        pid_alive "$name" || die "$name exited during start-up; see $NET_LOGS/$name.log"
        (($(date +%s) - start < timeout)) || die "$name not listening on $HOST:$port after ${timeout}s"
        sleep 0.2
    done
}

# network_ports → every TCP port this network listens on (profile-dependent orderer count)
network_ports() {
    local n i
    n=1
    [[ "$NETWORK_PROFILE" == bft ]] && n=4
    for ((i = 1; i <= n; i++)); do
        echo "$(orderer_port "$i") $(orderer_admin_port "$i") $(orderer_ops_port "$i")"
    done
    echo "$COURT_PEER_PORT $COURT_CC_PORT $COURT_OPS_PORT $AGENCY_PEER_PORT $AGENCY_CC_PORT $AGENCY_OPS_PORT $CC_SERVER_PORT"
}

# port_holder PORT → PID of the process listening on HOST:PORT (empty when free)
port_holder() {
    ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1
}

# free_ports: a port held by a leftover process of this network (its PID file lost, e.g. after a crash
# of the scripts) is freed by stopping that process; a port held by anything else stops the start-up,
# naming the process.
free_ports() {
    local p pid cmd
    for p in $(network_ports); do
        pid="$(port_holder "$p")"
        [[ -n "$pid" ]] || continue
        cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-120)"
        if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "COURT_LEDGER_NETWORK_RUN=$NET_RUN"; then
            log "port $p held by a leftover of this network (pid $pid: $cmd); stopping it"
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "$pid" 2>/dev/null || true
        else
            die "port $HOST:$p is in use by pid $pid ($cmd), which is not part of this network; stop it or choose another NETWORK_PORT_BASE"
        fi
    done
}

# stop_process NAME [SIGNAL]: SIGNAL (default TERM) to the recorded process, wait up to 15 s, then KILL;
# removes the PID file. A PID file whose process is gone or has another start time is only removed.
stop_process() {
    local name="$1" signal="${2:-TERM}" f="$NET_PIDS/$1.pid" pid started now i
    [[ -f "$f" ]] || return 0
    read -r pid started <"$f" || true
    now="$(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null || true)"
    if [[ -z "$pid" || -z "$now" || "$now" != "$started" ]]; then
        log "$name not running"
        rm -f "$f"
        return 0
    fi
    kill "-$signal" "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name (pid $pid) ignored $signal; sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
    log "stopped $name (pid $pid, SIG$signal)"
}

# wait_ready NAME: waits until the named process serves (operations /healthz and its gRPC or admin port)
wait_ready() {
    local name="$1" i
    case "$name" in
        peer0.court | peer0.agency)
            local org="${name#peer0.}"
            wait_health "$name" "http://$HOST:$(org_ops_port "$org")/healthz" 60
            wait_port "$name" "$(org_peer_port "$org")" 30
            ;;
        orderer | orderer[2-4])
            i="${name#orderer}"
            i="${i:-1}"
            wait_health "$name" "http://$HOST:$(orderer_ops_port "$i")/healthz" 60
            wait_port "$name" "$(orderer_admin_port "$i")" 30
            ;;
        chaincode) wait_port chaincode "$CC_SERVER_PORT" 30 ;;
        *) die "unknown process $name" ;;
    esac
}
