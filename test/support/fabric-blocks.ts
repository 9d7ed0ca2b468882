/**
 * Reads every block of the Fabric channel from the guarantee agency's peer, through the agency's own identity
 * (qscc GetChainInfo, then GetBlockByNumber for each block): what an organisation other than the court holds.
 */
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { createPrivateKey } from 'node:crypto';
import { fabricTestSettings } from './fabric-settings';

/** The raw `common.Block` bytes of blocks 0 … height − 1 as the agency's peer serves them. */
export async function agencyPeerBlocks(): Promise<Buffer[]> {
    const settings = await fabricTestSettings();
    const agency = settings.agency;
    if (agency === undefined) {
        throw new Error('the Fabric connection settings name no agency identity');
    }
    const client = new grpc.Client(
        agency.peerEndpoint,
        grpc.credentials.createSsl(agency.tlsCa),
        agency.hostAlias === undefined ? {} : { 'grpc.ssl_target_name_override': agency.hostAlias },
    );
    const gateway = connect({
        client,
        identity: { mspId: agency.mspId, credentials: agency.certificate },
        signer: signers.newPrivateKeySigner(createPrivateKey(agency.privateKeyPem)),
        hash: hash.sha256,
        evaluateOptions: () => ({ deadline: Date.now() + 30_000 }),
    });
    try {
        const qscc = gateway.getNetwork(settings.channel).getContract('qscc');
        const height = common.BlockchainInfo.deserializeBinary(
            await qscc.evaluateTransaction('GetChainInfo', settings.channel),
        ).getHeight();
        const blocks: Buffer[] = [];
        for (let number = 0; number < height; number++) {
            blocks.push(
                Buffer.from(await qscc.evaluateTransaction('GetBlockByNumber', settings.channel, String(number))),
            );
        }
        return blocks;
    } finally {
        gateway.close();
        client.close();
    }
}
