#!/usr/bin/env bash
# Provides the Fabric 3.1.5 binaries (peer, orderer, osnadmin, configtxgen, cryptogen, configtxlator) and
# Fabric's sampleconfig/, and prints the directory that holds them (bin/ and sampleconfig/) on stdout.
# Sources, in this order:
#   1. FABRIC_BIN_DIR      prebuilt binaries, used as they are (FABRIC_SAMPLECONFIG names sampleconfig/,
#                          default $FABRIC_BIN_DIR/../config or ../sampleconfig as in Fabric's release tarball)
#   2. the cache           ${XDG_CACHE_HOME:-$HOME/.cache}/court-ledger/fabric-<archive sha256>/ (a fresh clone on
#                          the same machine does not rebuild)
#   3. FABRIC_SOURCE       Fabric's source at tag v3.1.5 as a tarball (checksum pinned below) or a directory
#                          (default: ../shared/fabric/fabric-3.1.5-src.tar.gz beside the clone, when it exists),
#                          built with its committed vendor/ folder: GOFLAGS=-mod=vendor GOPROXY=off, no download
#   4. otherwise it stops and says how to get them: on a machine with internet access, Fabric's official release
#      tarball hyperledger-fabric-linux-amd64-3.1.5.tar.gz (bin/ + config/) unpacked and named by FABRIC_BIN_DIR.
#      No release download is attempted here: only package registries are reachable on the project's machines.
set -euo pipefail
# shellcheck source=network-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/network-env.sh"

FABRIC_VERSION=3.1.5
FABRIC_COMMIT=86c1172bec37
FABRIC_SOURCE_SHA256=a9d41c1bcd902b6ba337c1cc86c199f569712c6a5f9d13818740442fc400ba28

have_all() { # DIR
    local b
    for b in "${FABRIC_BINARIES[@]}"; do [[ -x "$1/$b" ]] || return 1; done
}

if [[ -n "${FABRIC_BIN_DIR:-}" ]]; then
    have_all "$FABRIC_BIN_DIR" || die "FABRIC_BIN_DIR=$FABRIC_BIN_DIR lacks one of: ${FABRIC_BINARIES[*]}"
    cfg="${FABRIC_SAMPLECONFIG:-}"
    for c in "$FABRIC_BIN_DIR/../config" "$FABRIC_BIN_DIR/../sampleconfig"; do
        [[ -z "$cfg" && -f "$c/core.yaml" ]] && cfg="$c"
    done
    [[ -n "$cfg" && -f "$cfg/core.yaml" ]] ||
        die "no core.yaml beside FABRIC_BIN_DIR=$FABRIC_BIN_DIR; set FABRIC_SAMPLECONFIG to Fabric's sampleconfig/ (or config/) folder"
    log "using prebuilt Fabric binaries from $FABRIC_BIN_DIR (config $cfg)"
    printf '%s\n%s\n' "$(cd "$FABRIC_BIN_DIR" && pwd)" "$(cd "$cfg" && pwd)"
    exit 0
fi

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/court-ledger"
cache="$cache_root/fabric-$FABRIC_SOURCE_SHA256"
if have_all "$cache/bin" && [[ -f "$cache/sampleconfig/core.yaml" && -f "$cache/.complete" ]]; then
    log "Fabric $FABRIC_VERSION binaries from the cache $cache"
    printf '%s\n%s\n' "$cache/bin" "$cache/sampleconfig"
    exit 0
fi

# In the project's workplace the source archive sits beside the clone (../shared/fabric/): use it by default.
if [[ -z "${FABRIC_SOURCE:-}" && -f "$NET_ROOT/../shared/fabric/fabric-$FABRIC_VERSION-src.tar.gz" ]]; then
    FABRIC_SOURCE="$(cd "$NET_ROOT/../shared/fabric" && pwd)/fabric-$FABRIC_VERSION-src.tar.gz"
fi
[[ -n "${FABRIC_SOURCE:-}" ]] || die "no Fabric binaries: set FABRIC_SOURCE to Fabric $FABRIC_VERSION's source (tarball or directory; \
in this workplace ../shared/fabric/fabric-3.1.5-src.tar.gz), or FABRIC_BIN_DIR to the bin/ of Fabric's official release \
tarball hyperledger-fabric-linux-amd64-$FABRIC_VERSION.tar.gz (it cannot be downloaded here)"
command -v go >/dev/null || die "Go is not installed: building Fabric from FABRIC_SOURCE needs Go >= 1.24 (apt-get install golang, or go.dev)"

work="$(mktemp -d "${TMPDIR:-/tmp}/fabric-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [[ -f "$FABRIC_SOURCE" ]]; then
    sum="$(sha256sum "$FABRIC_SOURCE" | cut -d' ' -f1)"
    [[ "$sum" == "$FABRIC_SOURCE_SHA256" ]] ||
        die "FABRIC_SOURCE=$FABRIC_SOURCE has SHA-256 $sum, expected $FABRIC_SOURCE_SHA256 (Fabric v$FABRIC_VERSION source archive)"
    log "unpacking $FABRIC_SOURCE"
    tar -xzf "$FABRIC_SOURCE" -C "$work"
    src="$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
elif [[ -d "$FABRIC_SOURCE" ]]; then
    src="$(cd "$FABRIC_SOURCE" && pwd)"
else
    die "FABRIC_SOURCE=$FABRIC_SOURCE is neither a file nor a directory"
fi
[[ -d "$src/vendor" && -f "$src/go.mod" ]] || die "$src is not Fabric's source with its vendor/ folder"

start="$(now_ms)"
log "building Fabric $FABRIC_VERSION ($FABRIC_COMMIT) from $FABRIC_SOURCE (vendored modules, no download; ~2 min on 2 cores)"
mkdir -p "$cache_root"
stage="$(mktemp -d "$cache_root/.fabric-stage.XXXXXX")"
pkgs=()
for b in "${FABRIC_BINARIES[@]}"; do pkgs+=("./cmd/$b"); done
ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION"
ldflags+=" -X github.com/hyperledger/fabric/common/metadata.CommitSHA=$FABRIC_COMMIT"
(cd "$src" && GOFLAGS=-mod=vendor GOPROXY=off CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$stage/bin/" "${pkgs[@]}") ||
    { rm -rf "$stage"; die "Fabric build failed (cd $src && GOFLAGS=-mod=vendor GOPROXY=off go build ./cmd/...)"; }
cp -r "$src/sampleconfig" "$stage/sampleconfig"
"$stage/bin/peer" version | grep -q "Version: $FABRIC_VERSION" || { rm -rf "$stage"; die "built peer does not report version $FABRIC_VERSION"; }
touch "$stage/.complete"
rm -rf "$cache"
mv "$stage" "$cache"
log "built Fabric binaries in $(((($(now_ms) - start)) / 1000))s into $cache"
printf '%s\n%s\n' "$cache/bin" "$cache/sampleconfig"
