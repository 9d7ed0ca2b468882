/**
 * A running Fabric network for tests that need one (network/, `npm run network:up`): its connection settings
 * (`FABRIC_CONNECTION`, default network/run/connection.json of the repository), a Gateway connection as
 * CourtMSP's `gateway` identity, and the raw block holding a transaction (qscc `GetBlockByTxID`).
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { connect, signers, type Gateway } from '@hyperledger/fabric-gateway';

export interface FabricConnection {
    readonly channel: string;
    readonly chaincode: string;
    readonly orderer: { readonly mspId: string; readonly caCertPath: string };
    readonly orgs: Readonly<
        Record<
            string,
            {
                readonly mspId: string;
                readonly peerEndpoint: string;
                readonly tlsCaPath: string;
                readonly hostAlias: string;
                readonly caCertPath: string;
                readonly defaultIdentity: string;
                readonly identities: Readonly<Record<string, { readonly certPath: string; readonly keyPath: string }>>;
            }
        >
    >;
}

export function fabricConnectionPath(): string {
    return (
        process.env.FABRIC_CONNECTION ??
        join(__dirname, '..', '..', '..', '..', '..', '..', 'network', 'run', 'connection.json')
    );
}

/** The network's settings, or why there is none. */
export function fabricNetwork():
    { available: true; connection: FabricConnection } | { available: false; reason: string } {
    const path = fabricConnectionPath();
    if (!existsSync(path)) {
        return { available: false, reason: `no Fabric network: ${path} does not exist (npm run network:up)` };
    }
    return { available: true, connection: JSON.parse(readFileSync(path, 'utf8')) as FabricConnection };
}

/** MSP id → PEM root CA certificates of every organisation (orderer included), from connection.json. */
export function mspCaCertificates(connection: FabricConnection): Record<string, string[]> {
    const certificates: Record<string, string[]> = {
        [connection.orderer.mspId]: [readFileSync(connection.orderer.caCertPath, 'utf8')],
    };
    for (const org of Object.values(connection.orgs)) {
        certificates[org.mspId] = [readFileSync(org.caCertPath, 'utf8')];
    }
    return certificates;
}

/** A Gateway connection to `mspId`'s peer as its default identity; close both when done. */
export function connectGateway(
    connection: FabricConnection,
    mspId = 'CourtMSP',
): { gateway: Gateway; client: grpc.Client } {
    const org = connection.orgs[mspId];
    if (org === undefined) {
        throw new Error(`connection.json has no organisation ${mspId}`);
    }
    const identity = org.identities[org.defaultIdentity];
    if (identity === undefined) {
        throw new Error(`connection.json has no identity ${org.defaultIdentity} for ${mspId}`);
    }
    const client = new grpc.Client(org.peerEndpoint, grpc.credentials.createSsl(readFileSync(org.tlsCaPath)), {
        'grpc.ssl_target_name_override': org.hostAlias,
    });
    const gateway = connect({
        client,
        identity: { mspId, credentials: readFileSync(identity.certPath) },
        signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(identity.keyPath))),
    });
    return { gateway, client };
}

/** What {@link anchorBatch} committed. */
export interface AnchoredOnFabric {
    readonly txId: string;
    readonly batchId: string;
    readonly rootHash: string;
    readonly treeSize: number;
    /** The common.Block holding the transaction, as the court peer returned it. */
    readonly block: Uint8Array;
}

/**
 * Submits `anchor:record(batchId, rootHash, treeSize, kinds, sources)` as CourtMSP's gateway acting for a
 * subsystem, waits for the commit, and fetches the block holding it.
 */
export async function anchorBatch(
    connection: FabricConnection,
    rootHash: string,
    treeSize: number,
    batchId = `test-${randomUUID()}`,
): Promise<AnchoredOnFabric> {
    const { gateway, client } = connectGateway(connection);
    try {
        const network = gateway.getNetwork(connection.channel);
        const contract = network.getContract(connection.chaincode, 'anchor');
        const actor = JSON.stringify({ sub: 'trial-system', role: 'subsystem', org: 'CourtMSP' });
        const submitted = await contract.submitAsync('record', {
            arguments: [batchId, rootHash, String(treeSize), '["transcript"]', '["trial-system"]'],
            transientData: { actor },
        });
        const status = await submitted.getStatus();
        if (!status.successful) {
            throw new Error(`anchor:record ${status.transactionId} committed with code ${status.code}`);
        }
        const qscc = network.getContract('qscc');
        const block = await qscc.evaluateTransaction('GetBlockByTxID', connection.channel, status.transactionId);
        return { txId: status.transactionId, batchId, rootHash, treeSize, block };
    } finally {
        gateway.close();
        client.close();
    }
}

/**
 * Defines the suite `title` with the network's settings when there is a network; otherwise prints why it
 * skips, or, with COURT_LEDGER_REQUIRE_FABRIC=1, defines a failing test instead (like test/support/environment.ts).
 */
export function describeWithFabric(title: string, define: (connection: FabricConnection) => void): void {
    const network = fabricNetwork();
    if (network.available) {
        describe(title, () => {
            define(network.connection);
        });
        return;
    }
    if (process.env.COURT_LEDGER_REQUIRE_FABRIC === '1') {
        describe(title, () => {
            it('is required (COURT_LEDGER_REQUIRE_FABRIC=1) but unavailable', () => {
                throw new Error(`${title}: ${network.reason}`);
            });
        });
        return;
    }
    console.log(`  skipping "${title}": ${network.reason}`);
}
