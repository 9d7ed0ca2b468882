import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, signers, type Contract } from '@hyperledger/fabric-gateway';

interface OrgSettings {
    readonly mspId: string;
    readonly peerEndpoint: string;
    readonly tlsCaPath: string;
    readonly hostAlias: string;
    readonly identities: Readonly<Record<string, { certPath: string; keyPath: string }>>;
}

interface ConnectionSettings {
    readonly channel: string;
    readonly chaincode: string;
    readonly orgs: Readonly<Record<string, OrgSettings>>;
}

/**
 * Runs `use` with the court-ledger chaincode's `evidence` contract (and `contractOf` for the others) as
 * `identity` of `mspId`, straight through @hyperledger/fabric-gateway (no court-ledger gateway in between):
 * for tests and benchmarks of the network itself.
 */
export async function withChaincode<T>(
    connectionPath: string,
    mspId: string,
    identity: string,
    use: (contract: Contract, contractOf: (name: string) => Contract) => Promise<T>,
): Promise<T> {
    const settings = JSON.parse(readFileSync(connectionPath, 'utf8')) as ConnectionSettings;
    const org = settings.orgs[mspId];
    const id = org?.identities[identity];
    if (org === undefined || id === undefined) {
        throw new Error(`${connectionPath} has no identity ${identity} of ${mspId}`);
    }
    const client = new grpc.Client(org.peerEndpoint, grpc.credentials.createSsl(readFileSync(org.tlsCaPath)), {
        'grpc.ssl_target_name_override': org.hostAlias,
    });
    const gateway = connect({
        client,
        identity: { mspId, credentials: readFileSync(id.certPath) },
        signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(id.keyPath))),
        evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
        endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
        submitOptions: () => ({ deadline: Date.now() + 10_000 }),
        commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
    });
    try {
        const network = gateway.getNetwork(settings.channel);
        return await use(network.getContract(settings.chaincode, 'evidence'), (name) =>
            network.getContract(settings.chaincode, name),
        );
    } finally {
        gateway.close();
        client.close();
    }
}

/** Submits evidence:submit for a random digest as the contract's identity; resolves with the committed block. */
export async function submitRandomEvidence(contract: Contract): Promise<{ blockNumber: bigint; code: number }> {
    const digest = randomBytes(32).toString('hex');
    const submitted = await contract.submitAsync('submit', { arguments: ['NET-TEST-1', digest, '', '', ''] });
    const status = await submitted.getStatus();
    return { blockNumber: status.blockNumber, code: status.code };
}
