#!/usr/bin/env bash
# Issues the court-ledger client identities that carry certificate attributes, signed by the org CAs
# that cryptogen generated (cryptogen itself cannot add attributes):
#   CourtMSP  gateway    role=gateway, court=$COURT_CODE
#   CourtMSP  clerk1     role=clerk,   court=$COURT_CODE
#   AgencyMSP agency-gw  role=agency
# Attributes use Fabric CA's encoding: extension OID 1.2.3.4.5.6.7.8.1 whose value is the raw bytes of
# the JSON {"attrs":{...}} (not DER-wrapped), which is what fabric-shim's ClientIdentity parses.
# Each identity is written as a cryptogen-style MSP dir: users/<name>@<domain>/msp/{signcerts/cert.pem,
# keystore/priv_sk, cacerts, tlscacerts, config.yaml}; OU=client makes it a NodeOU "client".
# Usage: scripts/network-identities.sh   (after cryptogen; idempotent: existing identities are kept)
set -euo pipefail
# shellcheck source=network-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/network-env.sh"

# issue ORG NAME ATTRS_JSON_OBJECT
issue() {
    local org="$1" name="$2" attrs="$3" domain odir udir ca_cert ca_key json hex tmp
    domain="$(org_domain "$org")"
    odir="$(org_dir "$org")"
    udir="$odir/users/$name@$domain"
    ca_cert="$odir/ca/ca.$domain-cert.pem"
    ca_key="$odir/ca/priv_sk"
    [[ -f "$ca_cert" && -f "$ca_key" ]] || die "org CA of $org not found in $odir/ca (run cryptogen first)"
    if [[ -f "$udir/msp/signcerts/cert.pem" ]]; then
        return 0
    fi
    # Fabric CA adds hf.* attributes to every enrollment certificate; keep the same shape.
    json="$(jq -cn --arg id "$name" --argjson a "$attrs" \
        '{attrs: ({"hf.Affiliation": "", "hf.EnrollmentID": $id, "hf.Type": "client"} + $a)}')"
    hex="$(printf '%s' "$json" | od -An -v -tx1 | tr -d ' \n')"
    tmp="$(mktemp -d)"
    mkdir -p "$udir/msp/signcerts" "$udir/msp/keystore" "$udir/msp/cacerts" "$udir/msp/tlscacerts"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$udir/msp/keystore/priv_sk" 2>/dev/null
    chmod 600 "$udir/msp/keystore/priv_sk"
    openssl req -new -key "$udir/msp/keystore/priv_sk" -out "$tmp/csr.pem" \
        -subj "/C=US/ST=California/L=San Francisco/OU=client/CN=$name"
    cat >"$tmp/ext.cnf" <<EOF
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
1.2.3.4.5.6.7.8.1 = DER:$hex
EOF
    openssl x509 -req -in "$tmp/csr.pem" -CA "$ca_cert" -CAkey "$ca_key" \
        -set_serial "0x$(openssl rand -hex 16)" -days 3650 -sha256 \
        -extfile "$tmp/ext.cnf" -extensions leaf -out "$udir/msp/signcerts/cert.pem" 2>/dev/null
    rm -rf "$tmp"
    cp "$ca_cert" "$udir/msp/cacerts/"
    cp "$odir/tlsca/tlsca.$domain-cert.pem" "$udir/msp/tlscacerts/"
    [[ -f "$odir/msp/config.yaml" ]] && cp "$odir/msp/config.yaml" "$udir/msp/config.yaml"
    openssl verify -CAfile "$ca_cert" "$udir/msp/signcerts/cert.pem" >/dev/null ||
        die "issued certificate for $name does not verify against $ca_cert"
    log "issued $(org_msp "$org") $name $json"
}

issue court gateway "$(jq -cn --arg c "$COURT_CODE" '{role: "gateway", court: $c}')"
issue court clerk1 "$(jq -cn --arg c "$COURT_CODE" '{role: "clerk", court: $c}')"
issue agency agency-gw '{"role":"agency"}'
