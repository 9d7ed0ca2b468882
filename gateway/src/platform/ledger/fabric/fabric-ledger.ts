/**
 * The Fabric ledger: the same {@link Ledger} interface over a real Hyperledger Fabric network, through
 * `@hyperledger/fabric-gateway`. One gRPC client per peer endpoint, shared by every identity that uses it;
 * the court's gateway identity submits for court actors through the court peer, the agency's identity for
 * agency actors through the agency peer. Every call type has a deadline (connection.ts).
 */
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Contract, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import { createHash, createPrivateKey } from 'node:crypto';
import {
    InFlightCalls,
    LedgerFailure,
    proposalTransient,
    type BlockEvents,
    type Committed,
    type EventCheckpoint,
    type EventStreamOptions,
    type Ledger,
    type LedgerHealth,
    type LedgerTrustRoots,
    type Proposal,
    type TransactionProof,
} from '@court-ledger/ledger-api';
import { blockTransactions, proposalTimestamp } from './block';
import type { FabricOrgSettings, FabricSettings } from './connection';
import { invalidTransactionFailure, toLedgerFailure, validationCodeName } from './errors';
import { chaincodeEvents } from './events';
import { blockHeaderBytes, buildFabricTransactionProof } from './proof';

/** A connected organisation: its gateway (identity + peer) and the channel's contracts. */
interface OrgConnection {
    readonly mspId: string;
    readonly gateway: Gateway;
    readonly network: Network;
    readonly contract: Contract;
    readonly qscc: Contract;
}

const TX_ID = /^[0-9a-f]{64}$/;

/** The Fabric ledger over `settings` (see {@link createFabricLedger}). */
export class FabricLedger implements Ledger {
    readonly mode = 'fabric';
    readonly channel: string;
    private readonly clients = new Map<string, grpc.Client>();
    private readonly court: OrgConnection;
    private readonly agency: OrgConnection | undefined;
    private readonly calls = new InFlightCalls('Fabric ledger');

    constructor(private readonly settings: FabricSettings) {
        this.channel = settings.channel;
        this.court = this.connectOrg(settings.court);
        this.agency = settings.agency === undefined ? undefined : this.connectOrg(settings.agency);
    }

    submit(proposal: Proposal): Promise<Committed> {
        return this.calls.track(async () => {
            const org = this.orgFor(proposal.actor.org);
            const endorsers = [...new Set([org.mspId, ...(proposal.endorsingOrganizations ?? [])])];
            const prepared = org.contract.newProposal(`${proposal.contract}:${proposal.fn}`, {
                arguments: [...proposal.args],
                transientData: Object.fromEntries(proposalTransient(proposal)),
                endorsingOrganizations: endorsers,
            });
            const txId = prepared.getTransactionId();
            const timestamp = proposalTimestamp(prepared.getBytes());
            try {
                const transaction = await prepared.endorse();
                const result = transaction.getResult();
                const commit = await transaction.submit();
                const status = await commit.getStatus();
                if (!status.successful) {
                    throw invalidTransactionFailure(status.code, txId);
                }
                return { txId, blockNumber: Number(status.blockNumber), timestamp, result };
            } catch (error) {
                throw toLedgerFailure(error, `submit ${proposal.contract}:${proposal.fn}`);
            }
        });
    }

    evaluate(proposal: Proposal): Promise<Uint8Array> {
        return this.calls.track(async () => {
            const org = this.orgFor(proposal.actor.org);
            try {
                return await org.contract.evaluate(`${proposal.contract}:${proposal.fn}`, {
                    arguments: [...proposal.args],
                    transientData: Object.fromEntries(proposalTransient(proposal)),
                });
            } catch (error) {
                throw toLedgerFailure(error, `evaluate ${proposal.contract}:${proposal.fn}`);
            }
        });
    }

    events(
        after: EventCheckpoint | undefined,
        signal: AbortSignal,
        options: EventStreamOptions = {},
    ): AsyncIterable<BlockEvents> {
        if (this.calls.closing) {
            throw new LedgerFailure('unavailable', 'Fabric ledger closed');
        }
        return chaincodeEvents(this.court.network, this.settings.chaincode, after, signal, options.untilHeight);
    }

    /** The block holding `txId`, read from the court peer (qscc GetBlockByTxID); not-found when unknown. */
    private async blockOf(txId: string): Promise<common.Block> {
        if (!TX_ID.test(txId)) {
            throw new LedgerFailure('not-found', `transaction ${txId} is not on channel ${this.channel}`, { txId });
        }
        try {
            return common.Block.deserializeBinary(
                await this.court.qscc.evaluateTransaction('GetBlockByTxID', this.channel, txId),
            );
        } catch (error) {
            const failure = toLedgerFailure(error, 'qscc GetBlockByTxID');
            if (failure.kind === 'unavailable') {
                throw failure;
            }
            throw new LedgerFailure('not-found', `transaction ${txId} is not on channel ${this.channel}`, {
                txId,
                cause: error,
            });
        }
    }

    trustRoots(): LedgerTrustRoots {
        return {
            mode: 'fabric',
            caCertificates: this.settings.mspCaCertificates,
            ordererMspIds: [this.settings.ordererMspId],
        };
    }

    transactionProof(txId: string): Promise<TransactionProof> {
        return this.calls.track(async () => {
            const block = await this.blockOf(txId);
            const tx = blockTransactions(block).find((candidate) => candidate.txId === txId);
            if (tx === undefined) {
                throw new LedgerFailure('not-found', `transaction ${txId} is not in the block qscc returned`, {
                    txId,
                });
            }
            if (tx.validationCode !== peer.TxValidationCode.VALID) {
                const validationCode = validationCodeName(tx.validationCode);
                throw new LedgerFailure('not-found', `transaction ${txId} was invalidated (${validationCode})`, {
                    txId,
                    validationCode,
                });
            }
            return buildFabricTransactionProof({
                channel: this.channel,
                txId,
                block: block.serializeBinary(),
                mspCaCertificates: this.settings.mspCaCertificates,
            });
        });
    }

    /**
     * Hex SHA-256 of block `blockNumber`'s header (Fabric's block hash, what the next block's `previous_hash`
     * holds), read from the court peer; undefined when the channel has no such block yet.
     */
    blockHash(blockNumber: number): Promise<string | undefined> {
        return this.calls
            .track(async () => {
                const info = common.BlockchainInfo.deserializeBinary(
                    await this.court.qscc.evaluateTransaction('GetChainInfo', this.channel),
                );
                if (blockNumber < 0 || blockNumber >= info.getHeight()) {
                    return undefined;
                }
                const header = common.Block.deserializeBinary(
                    await this.court.qscc.evaluateTransaction('GetBlockByNumber', this.channel, String(blockNumber)),
                ).getHeader();
                if (header === undefined) {
                    return undefined;
                }
                const bytes = blockHeaderBytes(
                    BigInt(header.getNumber()),
                    header.getPreviousHash_asU8(),
                    header.getDataHash_asU8(),
                );
                return createHash('sha256').update(bytes).digest('hex');
            })
            .catch((error: unknown) => {
                throw toLedgerFailure(error, 'qscc GetBlockByNumber');
            });
    }

    async health(): Promise<LedgerHealth> {
        if (this.calls.closing) {
            return { ok: false, mode: 'fabric', message: 'closed' };
        }
        try {
            const info = common.BlockchainInfo.deserializeBinary(
                await this.court.qscc.evaluateTransaction('GetChainInfo', this.channel),
            );
            return { ok: true, mode: 'fabric', height: info.getHeight() };
        } catch (error) {
            return { ok: false, mode: 'fabric', message: toLedgerFailure(error, 'qscc GetChainInfo').message };
        }
    }

    async close(): Promise<void> {
        if (!(await this.calls.drain())) {
            return;
        }
        this.court.gateway.close();
        this.agency?.gateway.close();
        for (const client of this.clients.values()) {
            client.close();
        }
    }

    /** The organisation submitting for `mspId`: the agency's for AgencyMSP actors, the court's otherwise. */
    private orgFor(mspId: string): OrgConnection {
        if (mspId !== this.settings.court.mspId && mspId === (this.settings.agency?.mspId ?? 'AgencyMSP')) {
            if (this.agency === undefined) {
                throw new LedgerFailure('unavailable', `no ${mspId} identity is configured for this gateway`);
            }
            return this.agency;
        }
        return this.court;
    }

    /** The shared gRPC client of a peer endpoint (one per endpoint, whatever identities use it). */
    private clientFor(org: FabricOrgSettings): grpc.Client {
        let client = this.clients.get(org.peerEndpoint);
        if (client === undefined) {
            client = new grpc.Client(
                org.peerEndpoint,
                grpc.credentials.createSsl(org.tlsCa),
                org.hostAlias === undefined ? {} : { 'grpc.ssl_target_name_override': org.hostAlias },
            );
            this.clients.set(org.peerEndpoint, client);
        }
        return client;
    }

    private connectOrg(org: FabricOrgSettings): OrgConnection {
        const evaluateDeadline = (): grpc.CallOptions => ({ deadline: Date.now() + this.settings.evaluateTimeoutMs });
        const submitDeadline = (): grpc.CallOptions => ({ deadline: Date.now() + this.settings.submitTimeoutMs });
        const gateway = connect({
            client: this.clientFor(org),
            identity: { mspId: org.mspId, credentials: org.certificate },
            signer: signers.newPrivateKeySigner(createPrivateKey(org.privateKeyPem)),
            hash: hash.sha256,
            evaluateOptions: evaluateDeadline,
            endorseOptions: submitDeadline,
            submitOptions: submitDeadline,
            commitStatusOptions: submitDeadline,
        });
        const network = gateway.getNetwork(this.settings.channel);
        return {
            mspId: org.mspId,
            gateway,
            network,
            contract: network.getContract(this.settings.chaincode),
            qscc: network.getContract('qscc'),
        };
    }
}
