#!/usr/bin/env bash
# Builds a deterministic chaincode-as-a-service package and prints its package id (LABEL:sha256).
# Usage: scripts/ccaas-package.sh LABEL ADDRESS OUT.tar.gz
# Same inputs → same bytes → same package id (sorted names, mtime 0, uid/gid 0, gzip without name/time),
# so every org computes the package id the others approved.
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 LABEL ADDRESS OUT.tar.gz" >&2; exit 2; }
label="$1" address="$2" out="$3"
[[ "$label" =~ ^[A-Za-z0-9_.+-]+$ ]] || { echo "invalid label: $label" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/pkg"

deterministic_tgz() { # DIR OUT FILES...
    local dir="$1" dest="$2"
    shift 2
    tar -C "$dir" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode='u=rw,go=r' \
        --format=ustar -cf - "$@" | gzip -n -9 >"$dest"
}

jq -n --arg address "$address" '{address: $address, dial_timeout: "10s", tls_required: false}' >"$work/src/connection.json"
jq -n --arg lbl "$label" '{type: "ccaas", label: $lbl}' >"$work/pkg/metadata.json"
deterministic_tgz "$work/src" "$work/pkg/code.tar.gz" connection.json
deterministic_tgz "$work/pkg" "$out.tmp" code.tar.gz metadata.json
mv "$out.tmp" "$out"
echo "$label:$(sha256sum "$out" | cut -d' ' -f1)"
