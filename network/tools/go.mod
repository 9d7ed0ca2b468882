// Pins the Hyperledger Fabric binaries the native network runs (scripts/build-fabric.sh builds them
// into network/bin/). Fabric v3.1.5 = commit 86c1172bec37; its module path has no /v3 suffix, so the
// release is required by pseudo-version.
module court-ledger/network/tools

go 1.26.8

require github.com/hyperledger/fabric v1.4.0-rc1.0.20260618074816-86c1172bec37

tool (
	github.com/hyperledger/fabric/cmd/configtxgen
	github.com/hyperledger/fabric/cmd/cryptogen
	github.com/hyperledger/fabric/cmd/orderer
	github.com/hyperledger/fabric/cmd/osnadmin
	github.com/hyperledger/fabric/cmd/peer
)
