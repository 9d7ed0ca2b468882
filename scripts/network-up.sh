#!/usr/bin/env bash
# Starts the native court-ledger Fabric network (no Docker) from a clean network/run/:
#   binaries (scripts/build-fabric.sh) → config from Fabric's sampleconfig + env overrides → cryptogen +
#   attribute identities → channel genesis block → orderer (+ osnadmin channel join) → peer0.court and
#   peer0.agency → peer channel join → CCaaS package, install, chaincode server, approve ×2, commit →
#   smoke query → network/run/connection.json.
# Health is awaited on the operations endpoints (/healthz). Ports: see scripts/network-env.sh.
# If every process is already running and healthy, it only says so.
set -euo pipefail
# shellcheck source=network-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/network-env.sh"

for a in "$@"; do
    case "$a" in
        --bft) NETWORK_PROFILE=bft ;;
        --raft) NETWORK_PROFILE=raft ;;
        *) die "unknown option $a (usage: network-up.sh [--raft|--bft])" ;;
    esac
done
[[ "$NETWORK_PROFILE" == raft || "$NETWORK_PROFILE" == bft ]] || die "NETWORK_PROFILE=$NETWORK_PROFILE: use raft or bft"
t0="$(now_ms)"

if [[ -f "$NET_RUN/connection.json" && "$(cat "$NET_RUN/profile" 2>/dev/null)" == "$NETWORK_PROFILE" ]] &&
    bash "$NET_ROOT/scripts/network-status.sh" >/dev/null 2>&1; then
    log "network already up and healthy ($NETWORK_PROFILE, $NET_RUN); nothing to do (npm run network:status for details)"
    exit 0
fi

# On failure, stop whatever this run started (logs stay in run/logs); NETWORK_KEEP_ON_FAILURE=1 keeps it.
on_exit() {
    local rc=$?
    if ((rc != 0)) && [[ -z "${NETWORK_KEEP_ON_FAILURE:-}" ]]; then
        log "start-up failed (exit $rc); stopping what was started, logs kept in $NET_LOGS"
        bash "$NET_ROOT/scripts/network-down.sh" --quiet || true
    fi
}
trap on_exit EXIT

# ---------------------------------------------------------------- binaries
fabric_dirs="$(bash "$NET_ROOT/scripts/build-fabric.sh")" || exit 1
NET_BIN="$(sed -n 1p <<<"$fabric_dirs")"
sampleconfig="$(sed -n 2p <<<"$fabric_dirs")"
export PATH="$NET_BIN:$PATH"
t_bin="$(now_ms)"

# ---------------------------------------------------------------- clean state
if [[ -d "$NET_PIDS" ]] && compgen -G "$NET_PIDS/*.pid" >/dev/null; then
    log "a previous network's processes or PID files are left in $NET_PIDS; stopping them first"
fi
bash "$NET_ROOT/scripts/network-down.sh" --quiet
free_ports
rm -rf "$NET_CRYPTO" "$NET_CONFIG" "$NET_DATA" "$NET_LOGS" "$NET_PIDS" "$NET_ARTIFACTS" "$NET_RUN/connection.json"
mkdir -p "$NET_CONFIG" "$NET_DATA" "$NET_LOGS" "$NET_PIDS" "$NET_ARTIFACTS"
echo "$NETWORK_PROFILE" >"$NET_RUN/profile"

# ---------------------------------------------------------------- config (sampleconfig + env overrides)
for f in core.yaml orderer.yaml; do
    [[ -f "$sampleconfig/$f" ]] || die "$sampleconfig/$f not found"
    cp "$sampleconfig/$f" "$NET_CONFIG/$f"
    chmod u+w "$NET_CONFIG/$f"
done

# ---------------------------------------------------------------- crypto material
cryptogen generate --config="$NET_DIR/crypto-config.yaml" --output="$NET_CRYPTO" >"$NET_LOGS/cryptogen.log" 2>&1 ||
    die "cryptogen failed: $(cat "$NET_LOGS/cryptogen.log")"
bash "$NET_ROOT/scripts/network-identities.sh"

# ---------------------------------------------------------------- channel genesis block (no system channel)
# configtx.yaml is rendered into run/config with this network's ports and crypto folder.
sed -e "s#run/crypto/#$NET_CRYPTO/#g" \
    -e "s/127\.0\.0\.1:7050\b/127.0.0.1:$(orderer_port 1)/; s/127\.0\.0\.1:7150\b/127.0.0.1:$(orderer_port 2)/" \
    -e "s/127\.0\.0\.1:7250\b/127.0.0.1:$(orderer_port 3)/; s/127\.0\.0\.1:7350\b/127.0.0.1:$(orderer_port 4)/" \
    -e "s/Port: 7050\b/Port: $(orderer_port 1)/; s/Port: 7150\b/Port: $(orderer_port 2)/" \
    -e "s/Port: 7250\b/Port: $(orderer_port 3)/; s/Port: 7350\b/Port: $(orderer_port 4)/" \
    -e "s/Port: 7051\b/Port: $COURT_PEER_PORT/; s/Port: 9051\b/Port: $AGENCY_PEER_PORT/" \
    "$NET_DIR/configtx.yaml" >"$NET_CONFIG/configtx.yaml"
profile=CourtChannelRaft orderers=1
[[ "$NETWORK_PROFILE" == bft ]] && profile=CourtChannelBFT orderers=4
configtxgen -configPath "$NET_CONFIG" -profile "$profile" -channelID "$CHANNEL" \
    -outputBlock "$NET_ARTIFACTS/$CHANNEL.block" >"$NET_LOGS/configtxgen.log" 2>&1 ||
    die "configtxgen failed: $(tail -n 20 "$NET_LOGS/configtxgen.log")"

# ---------------------------------------------------------------- orderer(s)
start_orderer() { # N (1 = orderer, 2..4 = orderer2..4 of the BFT profile)
    local i="$1" name o
    name="$(orderer_name "$i")"
    o="$(orderer_node_dir "$i")"
    start "$name" env \
        FABRIC_CFG_PATH="$NET_CONFIG" \
        FABRIC_LOGGING_SPEC="${FABRIC_LOGGING_SPEC:-info}" \
        ORDERER_GENERAL_LISTENADDRESS="$HOST" \
        ORDERER_GENERAL_LISTENPORT="$(orderer_port "$i")" \
        ORDERER_GENERAL_LOCALMSPID=OrdererMSP \
        ORDERER_GENERAL_LOCALMSPDIR="$o/msp" \
        ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
        ORDERER_GENERAL_TLS_ENABLED=true \
        ORDERER_GENERAL_TLS_CERTIFICATE="$o/tls/server.crt" \
        ORDERER_GENERAL_TLS_PRIVATEKEY="$o/tls/server.key" \
        ORDERER_GENERAL_TLS_ROOTCAS="[$o/tls/ca.crt]" \
        ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$o/tls/server.crt" \
        ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$o/tls/server.key" \
        ORDERER_GENERAL_CLUSTER_ROOTCAS="[$o/tls/ca.crt]" \
        ORDERER_CHANNELPARTICIPATION_ENABLED=true \
        ORDERER_ADMIN_LISTENADDRESS="$HOST:$(orderer_admin_port "$i")" \
        ORDERER_ADMIN_TLS_ENABLED=true \
        ORDERER_ADMIN_TLS_CERTIFICATE="$o/tls/server.crt" \
        ORDERER_ADMIN_TLS_PRIVATEKEY="$o/tls/server.key" \
        ORDERER_ADMIN_TLS_ROOTCAS="[$o/tls/ca.crt]" \
        ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
        ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$o/tls/ca.crt]" \
        ORDERER_OPERATIONS_LISTENADDRESS="$HOST:$(orderer_ops_port "$i")" \
        ORDERER_OPERATIONS_TLS_ENABLED=false \
        ORDERER_METRICS_PROVIDER=prometheus \
        ORDERER_FILELEDGER_LOCATION="$NET_DATA/$name" \
        ORDERER_CONSENSUS_WALDIR="$NET_DATA/$name/etcdraft/wal" \
        ORDERER_CONSENSUS_SNAPDIR="$NET_DATA/$name/etcdraft/snapshot" \
        "$NET_BIN/orderer"
}
for ((i = 1; i <= orderers; i++)); do start_orderer "$i"; done
for ((i = 1; i <= orderers; i++)); do
    wait_health "$(orderer_name "$i")" "http://$HOST:$(orderer_ops_port "$i")/healthz" 60
    # /healthz can answer before the admin (channel participation) listener accepts connections.
    wait_port "$(orderer_name "$i")" "$(orderer_admin_port "$i")" 30
done

osnadmin_args() { # N
    echo -o "$HOST:$(orderer_admin_port "$1")" --ca-file "$ORDERER_TLS_CA" \
        --client-cert "$ORDERER_ADMIN_DIR/tls/client.crt" --client-key "$ORDERER_ADMIN_DIR/tls/client.key"
}
for ((i = 1; i <= orderers; i++)); do
    # shellcheck disable=SC2046 # word splitting of the argument list is intended (paths hold no spaces)
    osnadmin channel join --channelID "$CHANNEL" --config-block "$NET_ARTIFACTS/$CHANNEL.block" $(osnadmin_args "$i") \
        >"$NET_LOGS/osnadmin-join-$i.log" 2>&1 ||
        die "osnadmin channel join on $(orderer_name "$i") failed: $(cat "$NET_LOGS/osnadmin-join-$i.log")"
done
for ((i = 1; i <= orderers; i++)); do
    deadline=$(($(date +%s) + 60))
    # shellcheck disable=SC2046
    until osnadmin channel list --channelID "$CHANNEL" $(osnadmin_args "$i") 2>/dev/null | grep -q '"status": *"active"'; do
        # shellcheck disable=SC2046
        (($(date +%s) < deadline)) ||
            die "$(orderer_name "$i") did not activate channel $CHANNEL: $(osnadmin channel list --channelID "$CHANNEL" $(osnadmin_args "$i") 2>&1)"
        sleep 0.2
    done
done
log "$orderers orderer(s) joined channel $CHANNEL (active, $profile)"

# ---------------------------------------------------------------- peers
start_peer() {
    local org="$1" d host
    d="$(peer_dir "$org")"
    host="$(peer_host "$org")"
    start "peer0.$org" env \
        FABRIC_CFG_PATH="$NET_CONFIG" \
        FABRIC_LOGGING_SPEC="${FABRIC_LOGGING_SPEC:-info}" \
        CORE_PEER_ID="$host" \
        CORE_PEER_LOCALMSPID="$(org_msp "$org")" \
        CORE_PEER_MSPCONFIGPATH="$d/msp" \
        CORE_PEER_ADDRESS="$HOST:$(org_peer_port "$org")" \
        CORE_PEER_LISTENADDRESS="$HOST:$(org_peer_port "$org")" \
        CORE_PEER_CHAINCODEADDRESS="$HOST:$(org_cc_port "$org")" \
        CORE_PEER_CHAINCODELISTENADDRESS="$HOST:$(org_cc_port "$org")" \
        CORE_PEER_GOSSIP_BOOTSTRAP="$HOST:$(org_peer_port "$org")" \
        CORE_PEER_GOSSIP_EXTERNALENDPOINT="$HOST:$(org_peer_port "$org")" \
        CORE_PEER_GOSSIP_USELEADERELECTION=false \
        CORE_PEER_GOSSIP_ORGLEADER=true \
        CORE_PEER_TLS_ENABLED=true \
        CORE_PEER_TLS_CERT_FILE="$d/tls/server.crt" \
        CORE_PEER_TLS_KEY_FILE="$d/tls/server.key" \
        CORE_PEER_TLS_ROOTCERT_FILE="$d/tls/ca.crt" \
        CORE_PEER_FILESYSTEMPATH="$NET_DATA/$host" \
        CORE_LEDGER_SNAPSHOTS_ROOTDIR="$NET_DATA/$host/snapshots" \
        CORE_LEDGER_STATE_STATEDATABASE=goleveldb \
        CORE_OPERATIONS_LISTENADDRESS="$HOST:$(org_ops_port "$org")" \
        CORE_OPERATIONS_TLS_ENABLED=false \
        CORE_METRICS_PROVIDER=prometheus \
        CORE_VM_ENDPOINT= \
        CORE_CHAINCODE_EXTERNALBUILDERS="[{\"name\":\"ccaas\",\"path\":\"$NET_DIR/builders/ccaas\",\"propagateEnvironment\":[\"CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG\"]}]" \
        CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG="{\"peername\":\"peer0$org\"}" \
        "$NET_BIN/peer" node start
}
start_peer court
start_peer agency
for org in court agency; do
    wait_health "peer0.$org" "http://$HOST:$(org_ops_port "$org")/healthz" 60
    # /healthz can answer before the gRPC listener accepts connections: wait for that as well.
    wait_port "peer0.$org" "$(org_peer_port "$org")" 30
done

for org in court agency; do
    (
        peer_cli_env "$org"
        peer channel join -b "$NET_ARTIFACTS/$CHANNEL.block" >"$NET_LOGS/join-$org.log" 2>&1 ||
            die "peer0.$org channel join failed: $(cat "$NET_LOGS/join-$org.log")"
    )
done
# Anchor peers are part of the genesis block (configtx.yaml AnchorPeers), so no config update is needed.
log "peers joined channel $CHANNEL"
t_net="$(now_ms)"

# ---------------------------------------------------------------- chaincode as a service
cc_main="$CC_MODULE_PATH/$(jq -r '.main // "index.js"' "$CC_MODULE_PATH/package.json")"
if [[ ! -f "$cc_main" && "$CC_MODULE_PATH" == "$NET_ROOT/chaincode" ]]; then
    log "compiling chaincode (npx tsc -b chaincode)"
    (cd "$NET_ROOT" && npx tsc -b chaincode) >"$NET_LOGS/tsc.log" 2>&1 ||
        die "chaincode does not compile (npx tsc -b chaincode): $(tail -n 20 "$NET_LOGS/tsc.log")"
fi
[[ -f "$cc_main" ]] || die "chaincode entry $cc_main not found (CC_MODULE_PATH=$CC_MODULE_PATH)"

label="${CC_NAME}_${CC_VERSION}"
package_id="$(bash "$NET_ROOT/scripts/ccaas-package.sh" "$label" "$HOST:$CC_SERVER_PORT" "$NET_ARTIFACTS/$CC_NAME.tar.gz")"
for org in court agency; do
    (
        peer_cli_env "$org"
        peer lifecycle chaincode install "$NET_ARTIFACTS/$CC_NAME.tar.gz" >"$NET_LOGS/install-$org.log" 2>&1 ||
            die "install on peer0.$org failed: $(cat "$NET_LOGS/install-$org.log")"
        grep -q "$package_id" "$NET_LOGS/install-$org.log" ||
            die "peer0.$org computed another package id than $package_id: $(cat "$NET_LOGS/install-$org.log")"
    )
done
log "installed $package_id on both peers"

start chaincode env CORE_CHAINCODE_ID_NAME="$package_id" \
    "$NET_ROOT/node_modules/.bin/fabric-chaincode-node" server \
    --chaincode-address "$HOST:$CC_SERVER_PORT" --chaincode-id "$package_id" --module-path "$CC_MODULE_PATH"
wait_port chaincode "$CC_SERVER_PORT" 30

orderer_args=(-o "$HOST:$ORDERER_PORT" --ordererTLSHostnameOverride "$ORDERER_HOST" --tls --cafile "$ORDERER_TLS_CA")
definition=(--channelID "$CHANNEL" --name "$CC_NAME" --version "$CC_VERSION" --sequence "$CC_SEQUENCE"
    --signature-policy "$CC_POLICY" --collections-config "$NET_DIR/collections.json")
for org in court agency; do
    (
        peer_cli_env "$org"
        peer lifecycle chaincode approveformyorg "${orderer_args[@]}" "${definition[@]}" --package-id "$package_id" \
            >"$NET_LOGS/approve-$org.log" 2>&1 || die "approveformyorg ($org) failed: $(cat "$NET_LOGS/approve-$org.log")"
    )
done
(
    peer_cli_env court
    peer lifecycle chaincode commit "${orderer_args[@]}" "${definition[@]}" \
        --peerAddresses "localhost:$COURT_PEER_PORT" --tlsRootCertFiles "$(peer_tls_ca court)" \
        --peerAddresses "localhost:$AGENCY_PEER_PORT" --tlsRootCertFiles "$(peer_tls_ca agency)" \
        >"$NET_LOGS/commit.log" 2>&1 || die "chaincode commit failed: $(cat "$NET_LOGS/commit.log")"
    peer lifecycle chaincode querycommitted --channelID "$CHANNEL" --name "$CC_NAME" >"$NET_LOGS/querycommitted.log" 2>&1
)
log "committed $CC_NAME $CC_VERSION (sequence $CC_SEQUENCE, policy $CC_POLICY)"

# Smoke test: contract-api's built-in metadata function answers on both peers once the definition is live.
for org in court agency; do
    (
        peer_cli_env "$org"
        deadline=$(($(date +%s) + 60))
        until peer chaincode query -C "$CHANNEL" -n "$CC_NAME" -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' \
            >"$NET_LOGS/smoke-$org.log" 2>&1; do
            (($(date +%s) < deadline)) || die "chaincode query on peer0.$org failed: $(tail -n 5 "$NET_LOGS/smoke-$org.log")"
            sleep 0.5
        done
    )
done
log "chaincode answers on both peers"

# ---------------------------------------------------------------- connection settings for the gateway
ident() { # ORG NAME → {certPath, keyPath}
    local u
    u="$(org_dir "$1")/users/$2@$(org_domain "$1")/msp"
    jq -n --arg c "$u/signcerts/cert.pem" --arg k "$u/keystore/priv_sk" '{certPath: $c, keyPath: $k}'
}
org_json() { # ORG DEFAULT_IDENTITY IDENTITIES_JSON
    jq -n --arg msp "$(org_msp "$1")" --arg ep "$HOST:$(org_peer_port "$1")" --arg ca "$(peer_tls_ca "$1")" \
        --arg alias "$(peer_host "$1")" --arg dflt "$2" --argjson ids "$3" \
        --arg msp_ca "$(org_dir "$1")/ca/ca.$(org_domain "$1")-cert.pem" \
        '{mspId: $msp, peerEndpoint: $ep, tlsCaPath: $ca, hostAlias: $alias, caCertPath: $msp_ca,
          defaultIdentity: $dflt, identities: $ids}'
}
court_ids="$(jq -n --argjson g "$(ident court gateway)" --argjson c "$(ident court clerk1)" '{gateway: $g, clerk1: $c}')"
agency_ids="$(jq -n --argjson a "$(ident agency agency-gw)" '{"agency-gw": $a}')"
jq -n --arg channel "$CHANNEL" --arg cc "$CC_NAME" --arg pkg "$package_id" \
    --arg oep "$HOST:$ORDERER_PORT" --arg oca "$ORDERER_TLS_CA" --arg oalias "$ORDERER_HOST" \
    --arg omsp_ca "$ORDERER_ORG_DIR/ca/ca.$ORDERER_DOMAIN-cert.pem" \
    --argjson court "$(org_json court gateway "$court_ids")" --argjson agency "$(org_json agency agency-gw "$agency_ids")" \
    '{channel: $channel, chaincode: $cc, packageId: $pkg,
      orderer: {mspId: "OrdererMSP", endpoint: $oep, tlsCaPath: $oca, hostAlias: $oalias, caCertPath: $omsp_ca},
      orgs: {CourtMSP: $court, AgencyMSP: $agency}}' >"$NET_RUN/connection.json.tmp"
mv "$NET_RUN/connection.json.tmp" "$NET_RUN/connection.json"

t_end="$(now_ms)"
log "wrote $NET_RUN/connection.json"
log "network up in $(((t_end - t0) / 1000))s: binaries $(((t_bin - t0) / 1000))s," \
    "orderer+peers+channel $(((t_net - t_bin) / 1000))s, chaincode $(((t_end - t_net) / 1000))s"
