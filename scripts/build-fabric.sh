#!/usr/bin/env bash
# Builds the pinned Fabric binaries (network/tools/go.mod) into network/bin/, only when the pin changed.
# The stamp network/bin/.stamp holds the SHA-256 of go.mod + go.sum + `go version`.
# FABRIC_BIN_DIR=<dir with prebuilt peer, orderer, configtxgen, cryptogen, osnadmin> skips the build.
set -euo pipefail
# shellcheck source=network-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/network-env.sh"

FABRIC_VERSION=3.1.5
FABRIC_COMMIT=86c1172bec37

have_all() {
    local b
    for b in "${FABRIC_BINARIES[@]}"; do [[ -x "$NET_BIN/$b" ]] || return 1; done
}

if [[ -n "${FABRIC_BIN_DIR:-}" ]]; then
    have_all || die "FABRIC_BIN_DIR=$FABRIC_BIN_DIR lacks one of: ${FABRIC_BINARIES[*]}"
    log "using prebuilt Fabric binaries from $FABRIC_BIN_DIR"
    exit 0
fi

command -v go >/dev/null || die "go is not installed (Go >= 1.24 is needed for the go.mod tool directive)"

stamp_value() {
    { cat "$NET_TOOLS/go.mod" "$NET_TOOLS/go.sum" 2>/dev/null; go version; } | sha256sum | cut -d' ' -f1
}

if have_all && [[ -f "$NET_BIN/.stamp" && "$(cat "$NET_BIN/.stamp")" == "$(stamp_value)" ]]; then
    log "Fabric binaries up to date in $NET_BIN"
    exit 0
fi

mkdir -p "$NET_BIN"
start="$(now_ms)"
log "building Fabric $FABRIC_VERSION ($FABRIC_COMMIT) into $NET_BIN (cold build takes minutes on 2 cores)"
pkgs=()
for b in "${FABRIC_BINARIES[@]}"; do pkgs+=("github.com/hyperledger/fabric/cmd/$b"); done
ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION"
ldflags+=" -X github.com/hyperledger/fabric/common/metadata.CommitSHA=$FABRIC_COMMIT"
(
    cd "$NET_TOOLS"
    # -mod=mod lets the first build write go.sum; afterwards go.sum is committed and verified.
    GOFLAGS="${GOFLAGS:-} -mod=mod" go build -trimpath -ldflags "$ldflags" -o "$NET_BIN/" "${pkgs[@]}"
) || { rmdir "$NET_BIN" 2>/dev/null || true; die "Fabric build failed (command: cd network/tools && GOFLAGS=-mod=mod go build -o network/bin/ ${pkgs[*]})"; }
stamp_value >"$NET_BIN/.stamp"
log "built Fabric binaries in $(( ($(now_ms) - start) / 1000 ))s"
