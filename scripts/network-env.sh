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
ORDERER_PORT=7050
ORDERER_ADMIN_PORT=7053
ORDERER_OPS_PORT=9443
COURT_PEER_PORT=7051
COURT_CC_PORT=7052
COURT_OPS_PORT=9444
AGENCY_PEER_PORT=9051
AGENCY_CC_PORT=9052
AGENCY_OPS_PORT=9445
CC_SERVER_PORT="${CC_SERVER_PORT:-9999}"

ORDERER_DOMAIN=example.com
ORDERER_HOST=orderer.example.com
COURT_DOMAIN=court.example.com
AGENCY_DOMAIN=agency.example.com

ORDERER_ORG_DIR="$NET_CRYPTO/ordererOrganizations/$ORDERER_DOMAIN"
ORDERER_NODE_DIR="$ORDERER_ORG_DIR/orderers/$ORDERER_HOST"
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
    setsid "$@" >"$NET_LOGS/$name.log" 2>&1 </dev/null &
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
