/**
 * The embedded ledger: the court-ledger chaincode run in-process by fabric-contract-api's own dispatch over
 * fabric-shim's real `ChaincodeStub`, endorsed against a world state, ordered and committed into a
 * hash-chained, signed, fsynced block file (see architecture.md, "Embedded ledger").
 *
 * Hand-written because no library provides an in-process Fabric peer; the pieces mirror a peer's:
 * handler.ts (TxSimulator), validator.ts (MVCC), commit-queue.ts (orderer + committer), block-store.ts
 * (blockfile), pvt-store.ts (pvtdata store), state-db.ts (state DB), events.ts (event service).
 *
 * On disk (`dataDir`):
 * - `chain/blocks.dat`     append-only block frames (length + CRC-32 + canonical JSON lines), fsynced per block
 * - `checkpoint.dat`       height and header hash of the last acknowledged block, signed (checkpoint.ts)
 * - `pvtdata/pvtdata.dat`  private data per block (clear text; the blocks hold only SHA-256 hashes)
 * - `msp/<MSP>/{ca,gateway}/{cert,key}.pem`  generated org CAs and gateway client identities
 * - `node/{key,public}.pem` the block-signing key
 * - `statedb/`             LevelDB: world state, txId and block indexes, savepoint (state-db.ts)
 * - `LOCK`                 pid of the process that has the directory open
 * Start-up replays the blocks after the state DB's savepoint (startup.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
    InFlightCalls,
    chaincodeRefusal,
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
} from '@court-ledger/ledger-api';
import type { BlockStore } from './block-store';
import type { CheckpointFile } from './checkpoint';
import { blockHash, proposalResponseHash, sha256Hex, signResponseHash, transactionHash } from './chain-hash';
import { isErrorResponse, loadChaincode, type ChaincodeRuntime } from './chaincode-runtime';
import { CommitQueue, envelopeBytes, type EndorsedTransaction } from './commit-queue';
import type { ConfigTransaction, Endorsement, EndorserTransaction, TransactionEnvelope } from './envelope';
import { CommitSignal, streamEvents } from './events';
import { DataDirLock, type LedgerLogger } from './files';
import { TxSimulator } from './handler';
import {
    AGENCY_MSP,
    COURT_MSP,
    issueIdentity,
    loadOrCreateIdentities,
    type IssueOptions,
    type LedgerIdentities,
    type SigningIdentity,
} from './identities';
import type { EmbeddedTransactionProof } from './proof';
import { buildProposal } from './proposal';
import type { PrivateDataStore } from './pvt-store';
import { envelopeRwSet } from './rwset';
import { unpackPosition, type WorldState } from './state-db';
import { openStores } from './startup';

/** Options of {@link createEmbeddedLedger}. */
export interface EmbeddedLedgerOptions {
    /** Where blocks, private data, keys and the generated MSP live (created if missing). */
    readonly dataDir: string;
    /** Directory of the chaincode package (its package.json); default: the `@court-ledger/chaincode` package. */
    readonly chaincodeModulePath?: string;
    /** Channel name (default `court`); fixed by block 0. */
    readonly channel?: string;
    /** Chaincode name used in proposals and envelopes (default `court-ledger`, as deployed on Fabric). */
    readonly chaincodeName?: string;
    /** Value of the `court` certificate attribute of the generated CourtMSP gateway identity. */
    readonly court?: string;
    readonly logger?: LedgerLogger;
    /**
     * The clock that stamps proposals (default: the system clock): the transaction time the chaincode reads
     * (`ctx.txTimestamp()`, from the proposal header). Tests of time rules (deadlines, validity) inject one.
     */
    readonly clock?: () => Date;
    /** For crash tests only. */
    readonly testHooks?: EmbeddedLedgerTestHooks;
}

/** Points where a crash test stops the process. */
export interface EmbeddedLedgerTestHooks {
    /** Called when block `blockNumber` and its checkpoint are durable, before its state DB write. */
    readonly beforeStateWrite?: (blockNumber: number) => void;
}

const defaultLogger: LedgerLogger = {
    info: () => undefined,
    warn: (message) => {
        console.warn(message);
    },
    error: (message) => {
        console.error(message);
    },
};

function defaultChaincodeModulePath(): string {
    return path.dirname(require.resolve('@court-ledger/chaincode/package.json'));
}

/** A call of {@link EmbeddedLedger.callerFor}: a proposal without the gateway's `actor` claim. */
export interface DirectCall {
    readonly contract: string;
    readonly fn: string;
    readonly args: readonly string[];
    /** Every transient field sent (an `actor` claim only if given here). */
    readonly transient?: Readonly<Record<string, Uint8Array>>;
    /** As {@link Proposal.endorsingOrganizations}. */
    readonly endorsingOrganizations?: readonly string[];
}

/** Submits and evaluates as one client identity (see {@link EmbeddedLedger.callerFor}). */
export interface DirectCaller {
    submit(call: DirectCall): Promise<Committed>;
    evaluate(call: DirectCall): Promise<Uint8Array>;
}

function transientMap(transient: Readonly<Record<string, Uint8Array>> = {}): Map<string, Uint8Array> {
    return new Map(Object.entries(transient));
}

/** Opens (creating on first start) the embedded ledger in `options.dataDir`. */
export async function createEmbeddedLedger(options: EmbeddedLedgerOptions): Promise<Ledger> {
    return EmbeddedLedger.open(options);
}

/**
 * The embedded ledger. Outside this package only its {@link Ledger} face is public
 * ({@link createEmbeddedLedger}); the test entry also reaches {@link EmbeddedLedger.callerFor}.
 */
export class EmbeddedLedger implements Ledger {
    readonly mode = 'embedded';
    private state!: WorldState;
    private readonly signal = new CommitSignal();
    private readonly calls = new InFlightCalls('embedded ledger');
    private blocks!: BlockStore;
    private privateData!: PrivateDataStore;
    private checkpoint!: CheckpointFile;
    private queue!: CommitQueue;
    private closed = false;

    private constructor(
        readonly channel: string,
        private readonly chaincodeName: string,
        private readonly chaincode: ChaincodeRuntime,
        private readonly identities: LedgerIdentities,
        private readonly lock: DataDirLock,
        private readonly logger: LedgerLogger,
        private readonly hooks: EmbeddedLedgerTestHooks,
        private readonly clock: () => Date,
    ) {}

    static async open(options: EmbeddedLedgerOptions): Promise<EmbeddedLedger> {
        const logger = options.logger ?? defaultLogger;
        const channel = options.channel ?? 'court';
        await mkdir(path.join(options.dataDir, 'chain'), { recursive: true });
        await mkdir(path.join(options.dataDir, 'pvtdata'), { recursive: true });
        const lock = await DataDirLock.acquire(options.dataDir);
        try {
            const identities = await loadOrCreateIdentities(options.dataDir, { court: options.court ?? 'court' });
            const chaincode = await loadChaincode(options.chaincodeModulePath ?? defaultChaincodeModulePath());
            const ledger = new EmbeddedLedger(
                channel,
                options.chaincodeName ?? 'court-ledger',
                chaincode,
                identities,
                lock,
                logger,
                options.testHooks ?? {},
                options.clock ?? (() => new Date()),
            );
            await ledger.start(options.dataDir);
            return ledger;
        } catch (error) {
            await lock.release();
            throw error;
        }
    }

    private async start(dataDir: string): Promise<void> {
        const stores = await openStores(dataDir, this.identities.node, this.logger);
        this.state = stores.state;
        this.blocks = stores.blocks;
        this.privateData = stores.privateData;
        this.checkpoint = stores.checkpoint;
        this.queue = new CommitQueue({
            state: this.state,
            blocks: this.blocks,
            privateData: this.privateData,
            checkpoint: this.checkpoint,
            nodeKey: this.identities.node.privateKey,
            lastBlockHash: stores.lastHash,
            onCommit: () => {
                this.signal.notify();
            },
            ...(this.hooks.beforeStateWrite === undefined ? {} : { beforeStateWrite: this.hooks.beforeStateWrite }),
        });
        try {
            if (stores.genesis === undefined) {
                await this.queue.appendBlock([this.genesisTransaction()]);
            } else {
                this.checkGenesis(stores.genesis);
            }
        } catch (error) {
            await this.closeFiles();
            throw error;
        }
        this.logger.info(`embedded ledger: channel ${this.channel}, height ${this.blocks.height}, data ${dataDir}`);
    }

    private genesisTransaction(): ConfigTransaction {
        return {
            type: 'config',
            channel: this.channel,
            txId: sha256Hex(randomBytes(32)),
            timestamp: this.clock().toISOString(),
            nodePublicKey: this.identities.node.publicKey,
            organizations: this.identities.authorities.map((ca) => ({
                mspId: ca.mspId,
                rootCertificate: ca.certificate,
            })),
            validationCode: 'VALID',
        };
    }

    private checkGenesis(genesis: ConfigTransaction): void {
        if (genesis.channel !== this.channel) {
            throw new Error(
                `embedded ledger: the data directory holds channel ${genesis.channel}, not ${this.channel}`,
            );
        }
        if (genesis.nodePublicKey.trim() !== this.identities.node.publicKey.trim()) {
            throw new Error('embedded ledger: node/key.pem is not the key block 0 was created with');
        }
    }

    submit(proposal: Proposal): Promise<Committed> {
        return this.order(proposal, proposalTransient(proposal), this.identityFor(proposal.actor.org));
    }

    evaluate(proposal: Proposal): Promise<Uint8Array> {
        const creator = this.identityFor(proposal.actor.org);
        return this.calls.track(
            async () => (await this.endorse(proposal, creator, proposalTransient(proposal), [])).result,
        );
    }

    /**
     * For tests of the chaincode's caller rules only (`@court-ledger/ledger-embedded/testing`): issues a client
     * certificate from this ledger's own CA of `mspId` (with `options`' CN and attributes, e.g. a role that acts
     * for itself, or none) and returns submit and evaluate signed by it, sending exactly the transient fields
     * given (no `actor` claim is added). On submit it takes the place of its organisation's gateway identity as
     * creator and first endorser (the ledger does not keep the certificate, so such a transaction's proof
     * lacks it). Never reachable from a {@link Proposal}: the gateway signs only as the generated gateway
     * identities.
     */
    async callerFor(mspId: string, options: IssueOptions): Promise<DirectCaller> {
        const ca = this.identities.authorities.find((authority) => authority.mspId === mspId);
        if (ca === undefined) {
            throw new Error(`embedded ledger: no certificate authority for ${mspId}`);
        }
        const creator = await issueIdentity(ca, options);
        return {
            submit: (call) => this.order(call, transientMap(call.transient), creator),
            evaluate: (call) =>
                this.calls.track(
                    async () => (await this.endorse(call, creator, transientMap(call.transient), [])).result,
                ),
        };
    }

    /**
     * Endorses as `creator` and one identity per further organisation the call names, orders and commits;
     * maps the validation outcome.
     */
    private order(call: DirectCall, transient: Map<string, Uint8Array>, creator: SigningIdentity): Promise<Committed> {
        return this.calls.track(async () => {
            const endorsers = this.endorsingIdentities(creator, call.endorsingOrganizations);
            const { endorsed, result, timestamp } = await this.endorse(call, creator, transient, endorsers);
            const txId = endorsed.envelope.txId;
            let outcome;
            try {
                outcome = await this.queue.submit(endorsed);
            } catch (error) {
                throw new LedgerFailure('unavailable', `commit failed: ${(error as Error).message}`, {
                    txId,
                    cause: error,
                });
            }
            const { validationCode } = outcome;
            if (validationCode === 'ENDORSEMENT_POLICY_FAILURE') {
                throw new LedgerFailure(
                    'endorsement-policy',
                    outcome.detail ?? `ENDORSEMENT_POLICY_FAILURE: transaction ${txId}`,
                    { txId, validationCode },
                );
            }
            if (validationCode !== 'VALID') {
                throw new LedgerFailure(
                    'mvcc-conflict',
                    `transaction ${txId} invalidated at commit (${validationCode}); retry it`,
                    { txId, validationCode },
                );
            }
            return { txId, blockNumber: outcome.blockNumber, timestamp, result };
        });
    }

    events(
        after: EventCheckpoint | undefined,
        signal: AbortSignal,
        options: EventStreamOptions = {},
    ): AsyncIterable<BlockEvents> {
        return streamEvents(
            {
                committedHeight: () => this.state.height,
                closed: () => this.calls.closing,
                readBlock: (number) => this.blocks.read(number),
                signal: this.signal,
            },
            after,
            signal,
            options.untilHeight,
        );
    }

    async blockHash(blockNumber: number): Promise<string | undefined> {
        if (!Number.isSafeInteger(blockNumber) || blockNumber < 0 || blockNumber >= this.state.height) {
            return undefined;
        }
        return blockHash((await this.blocks.read(blockNumber)).header);
    }

    trustRoots(): LedgerTrustRoots {
        return { mode: 'embedded', nodePublicKey: this.identities.node.publicKey };
    }

    async transactionProof(txId: string): Promise<EmbeddedTransactionProof> {
        const position = this.state.transactionPosition(txId);
        if (position === undefined) {
            throw new LedgerFailure('not-found', `transaction ${txId} is not on channel ${this.channel}`, { txId });
        }
        const { blockNumber, txIndex } = unpackPosition(position);
        const block = await this.blocks.read(blockNumber);
        const transaction = JSON.parse((block.transactions[txIndex] as Buffer).toString('utf8')) as TransactionEnvelope;
        if (transaction.type !== 'endorser') {
            throw new LedgerFailure('not-found', `transaction ${txId} is a config transaction`, { txId });
        }
        const { validationCode } = transaction;
        if (validationCode !== 'VALID') {
            throw new LedgerFailure('not-found', `transaction ${txId} was invalidated (${validationCode})`, {
                txId,
                validationCode,
            });
        }
        return {
            mode: 'embedded',
            channel: this.channel,
            txId,
            blockNumber,
            timestamp: transaction.timestamp,
            txIndex,
            block: {
                header: block.header,
                signature: block.signature,
                nodePublicKey: this.identities.node.publicKey,
            },
            txHashes: block.transactions.map((line) => transactionHash(line)),
            transaction,
            endorserCertificates: this.endorserCertificates(transaction),
        };
    }

    health(): Promise<LedgerHealth> {
        if (this.calls.closing) {
            return Promise.resolve({ ok: false, mode: 'embedded', message: 'closed' });
        }
        const failure = this.blocks.failure ?? this.queue.failure;
        if (failure !== undefined) {
            return Promise.resolve({
                ok: false,
                mode: 'embedded',
                height: this.state.height,
                message: failure.message,
            });
        }
        return Promise.resolve({ ok: true, mode: 'embedded', height: this.state.height });
    }

    async close(): Promise<void> {
        const draining = this.calls.drain(); // refuses new calls at once, then waits for the running ones
        this.signal.notify();
        if (!(await draining)) {
            return;
        }
        await this.queue.drain();
        await this.closeFiles();
    }

    private async closeFiles(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        await this.blocks.close();
        await this.checkpoint.close();
        await this.privateData.close();
        await this.state.close();
        await this.lock.release();
    }

    private identityFor(org: string): SigningIdentity {
        return org === AGENCY_MSP ? this.identities.agency : this.identities.court;
    }

    /**
     * The identities endorsing a submit: `submitter`, then one per further organisation in `others`
     * (`endorsingOrganizations`; each organisation once); refuses, before anything runs, an organisation the
     * ledger holds no identity for.
     */
    private endorsingIdentities(submitter: SigningIdentity, others: readonly string[] = []): SigningIdentity[] {
        const identities = [submitter];
        for (const org of others) {
            const identity =
                org === COURT_MSP ? this.identities.court : org === AGENCY_MSP ? this.identities.agency : undefined;
            if (identity === undefined) {
                throw new LedgerFailure(
                    'endorsement-policy',
                    `ENDORSEMENT_POLICY_FAILURE: organisation ${JSON.stringify(org)} has no endorsing identity ` +
                        `on this ledger (known: ${COURT_MSP}, ${AGENCY_MSP})`,
                );
            }
            if (!identities.some((held) => held.mspId === identity.mspId)) {
                identities.push(identity);
            }
        }
        return identities;
    }

    /** Certificates (PEM) of a transaction's endorsers, for its proof; endorsers the ledger does not hold are left out. */
    private endorserCertificates(transaction: EndorserTransaction): { mspId: string; certificate: string }[] {
        const held = [this.identities.court, this.identities.agency];
        return (transaction.endorsements ?? []).flatMap(({ certificateSha256 }) => {
            const identity = held.find((candidate) => candidate.certificateSha256 === certificateSha256);
            return identity === undefined ? [] : [{ mspId: identity.mspId, certificate: identity.certificate }];
        });
    }

    /**
     * Simulates `proposal` signed by `identity` (the creator) against the committed state and prepares its
     * envelope (status VALID until commit). The chaincode runs once (it is deterministic, so every endorser
     * would compute the same response); each of `endorsers` then signs the proposal response hash. No
     * endorsers (evaluate): no envelope signatures.
     */
    private async endorse(
        proposal: DirectCall,
        identity: SigningIdentity,
        transient: Map<string, Uint8Array>,
        endorsers: readonly SigningIdentity[],
    ): Promise<{ endorsed: EndorsedTransaction; result: Uint8Array; timestamp: string }> {
        const built = buildProposal({
            identity,
            channel: this.channel,
            chaincodeName: this.chaincodeName,
            args: [`${proposal.contract}:${proposal.fn}`, ...proposal.args],
            transient,
            timestamp: this.clock(),
        });
        const simulator = new TxSimulator({
            state: this.state,
            channel: this.channel,
            txId: built.txId,
            chaincodeName: this.chaincodeName,
            collections: this.chaincode.collections,
        });
        let response;
        try {
            response = await this.chaincode.invoke(built, this.channel, simulator);
        } catch (error) {
            throw new LedgerFailure('unavailable', `endorsement failed: ${(error as Error).message}`, {
                txId: built.txId,
                cause: error,
            });
        }
        if (isErrorResponse(response)) {
            const init = { txId: built.txId };
            throw chaincodeRefusal(response.message, init) ?? new LedgerFailure('chaincode', response.message, init);
        }
        const timestamp = response.timestamp.toISOString();
        const unendorsed: Omit<EndorserTransaction, 'validationCode' | 'endorsements'> = {
            type: 'endorser',
            channel: this.channel,
            txId: built.txId,
            timestamp,
            creator: { mspId: identity.mspId, certificateSha256: identity.certificateSha256 },
            chaincode: this.chaincodeName,
            contract: proposal.contract,
            fn: proposal.fn,
            args: [...proposal.args],
            transientHash: built.transientHash,
            rwset: envelopeRwSet(simulator.rwset),
            event:
                response.event === undefined
                    ? null
                    : { name: response.event.name, payload: response.event.payload.toString('base64') },
        };
        let envelope: Omit<EndorserTransaction, 'validationCode'> = unendorsed;
        if (endorsers.length > 0) {
            const hash = proposalResponseHash(unendorsed);
            const endorsements: Endorsement[] = endorsers.map((endorser) => ({
                mspId: endorser.mspId,
                certificateSha256: endorser.certificateSha256,
                signature: signResponseHash(hash, endorser.privateKey),
            }));
            envelope = { ...unendorsed, endorsements };
        }
        return {
            endorsed: {
                envelope,
                validBytes: envelopeBytes(envelope, 'VALID'),
                rwset: simulator.rwset,
                endorsers: endorsers.map((endorser) => endorser.mspId),
            },
            result: response.payload,
            timestamp,
        };
    }
}
