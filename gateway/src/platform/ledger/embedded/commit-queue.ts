/**
 * Ordering and commit (the orderer and the committing peer, in one): endorsed transactions queue up; each
 * round takes everything queued into one block (group commit), validates the transactions in order,
 * writes private data then the block, each with one fsync, applies the valid writes to the world state,
 * records the block in the checkpoint (one more small write and fsync), and only then resolves the
 * submitters. While a round waits for the disk, new transactions queue for the
 * next block, so throughput grows with load instead of paying one fsync per transaction.
 */
import { blockHash, canonicalJson, dataHash, signHeader, transactionHash } from './chain-hash';
import type { BlockStore, StoredBlock } from './block-store';
import type { CheckpointFile } from './checkpoint';
import type { EndorserTransaction, TransactionEnvelope, ValidationCode } from './envelope';
import type { PrivateDataStore, PrivateWriteRecord } from './pvt-store';
import type { KeyWrite, TxRwSet } from './rwset';
import { MAX_TXS_PER_BLOCK, type TxWrites, type WorldState } from './state-db';
import { BlockValidator } from './validator';
import type { KeyObject } from 'node:crypto';

/** Cap on transactions per block (keeps blocks and their fsync latency bounded). */
export const MAX_BLOCK_TRANSACTIONS = Math.min(500, MAX_TXS_PER_BLOCK);

/** An endorsed transaction waiting to be ordered. */
export interface EndorsedTransaction {
    /** The envelope without its validation code (decided at commit). */
    readonly envelope: Omit<EndorserTransaction, 'validationCode'>;
    /** Canonical JSON of the envelope with `validationCode: 'VALID'`, prepared during endorsement. */
    readonly validBytes: Buffer;
    readonly rwset: TxRwSet;
    /** MSP ids of the endorsing organisations (what key-level endorsement policies are evaluated against). */
    readonly endorsers: readonly string[];
}

/** Where a transaction ended up. */
export interface CommitOutcome {
    readonly blockNumber: number;
    readonly txIndex: number;
    readonly validationCode: ValidationCode;
    /** For `ENDORSEMENT_POLICY_FAILURE`: which key required what (`ENDORSEMENT_POLICY_FAILURE: key … requires …`). */
    readonly detail?: string;
}

/** Called once a block is durable and applied, before submitters are resolved. */
export type CommitListener = (number: number, block: StoredBlock, envelopes: readonly TransactionEnvelope[]) => void;

interface Pending {
    readonly tx: EndorsedTransaction;
    readonly resolve: (outcome: CommitOutcome) => void;
    readonly reject: (error: unknown) => void;
}

/** The canonical bytes of an endorser envelope with a validation code. */
export function envelopeBytes(envelope: Omit<EndorserTransaction, 'validationCode'>, code: ValidationCode): Buffer {
    return Buffer.from(canonicalJson({ ...envelope, validationCode: code }), 'utf8');
}

/** The writes of a valid transaction, in the shape the world state applies. */
export function txWrites(rw: TxRwSet): TxWrites {
    const collections = new Map<string, ReadonlyMap<string, KeyWrite>>();
    for (const [collection, set] of rw.collections) {
        if (set.writes.size > 0) {
            collections.set(collection, set.writes);
        }
    }
    return { public: rw.public.writes, collections };
}

function privateRecords(rw: TxRwSet, txIndex: number): PrivateWriteRecord[] {
    const records: PrivateWriteRecord[] = [];
    for (const [collection, set] of rw.collections) {
        for (const [key, write] of set.writes) {
            const metadata =
                write.metadata === undefined
                    ? undefined
                    : Object.fromEntries([...write.metadata].map(([name, value]) => [name, value.toString('base64')]));
            records.push({
                txIndex,
                collection,
                key,
                ...(write.value === undefined ? {} : { value: write.value?.toString('base64') ?? null }),
                ...(metadata === undefined ? {} : { metadata }),
            });
        }
    }
    return records;
}

/** Dependencies of the {@link CommitQueue}. */
export interface CommitQueueOptions {
    readonly state: WorldState;
    readonly blocks: BlockStore;
    readonly privateData: PrivateDataStore;
    /** Where each block is recorded as acknowledged once durable. */
    readonly checkpoint: CheckpointFile;
    readonly nodeKey: KeyObject;
    /** Hash of the last stored block's header. */
    readonly lastBlockHash: string;
    readonly onCommit: CommitListener;
    /** Test hook: called after the block and checkpoint are durable, before the state DB write. */
    readonly beforeStateWrite?: (blockNumber: number) => void;
}

/** Orders endorsed transactions into blocks and commits them. */
export class CommitQueue {
    private pending: Pending[] = [];
    private running: Promise<void> | undefined;
    private lastHash: string;
    private broken: Error | undefined;

    constructor(private readonly options: CommitQueueOptions) {
        this.lastHash = options.lastBlockHash;
    }

    /** Queues `tx`; resolves once its block is durable and applied (valid or not). */
    submit(tx: EndorsedTransaction): Promise<CommitOutcome> {
        return new Promise((resolve, reject) => {
            this.pending.push({ tx, resolve, reject });
            this.running ??= new Promise<void>((done) => setImmediate(done)).then(() => this.run());
        });
    }

    /** Appends a block made of ready envelopes (the genesis block). */
    async appendBlock(envelopes: readonly TransactionEnvelope[]): Promise<void> {
        const lines = envelopes.map((envelope) => Buffer.from(canonicalJson(envelope), 'utf8'));
        await this.write(lines, envelopes, []);
    }

    /** Why commits are refused (a checkpoint or state write failed), if they are. */
    get failure(): Error | undefined {
        return this.broken ?? this.options.checkpoint.failure;
    }

    /** Resolves when nothing is queued or being committed. */
    async drain(): Promise<void> {
        while (this.running !== undefined) {
            await this.running;
        }
    }

    private async run(): Promise<void> {
        try {
            while (this.pending.length > 0) {
                const batch = this.pending.splice(0, MAX_BLOCK_TRANSACTIONS);
                try {
                    const outcomes = await this.commit(batch.map((p) => p.tx));
                    batch.forEach((p, i) => {
                        p.resolve(outcomes[i] as CommitOutcome);
                    });
                } catch (error) {
                    for (const p of batch) {
                        p.reject(error);
                    }
                }
            }
        } finally {
            this.running = undefined;
        }
    }

    private async commit(batch: readonly EndorsedTransaction[]): Promise<CommitOutcome[]> {
        const number = this.options.blocks.height;
        const validator = new BlockValidator(this.options.state);
        const details: (string | undefined)[] = [];
        const codes: ValidationCode[] = [];
        for (const [i, tx] of batch.entries()) {
            const code = await validator.validate(tx.rwset, tx.endorsers);
            if (code === 'ENDORSEMENT_POLICY_FAILURE') {
                details[i] = validator.lastPolicyFailure;
            }
            codes.push(code);
        }
        const lines = batch.map((tx, i) =>
            codes[i] === 'VALID' ? tx.validBytes : envelopeBytes(tx.envelope, codes[i] as ValidationCode),
        );
        const envelopes = batch.map((tx, i) => ({ ...tx.envelope, validationCode: codes[i] as ValidationCode }));
        const privateWrites = batch.flatMap((tx, i) => (codes[i] === 'VALID' ? privateRecords(tx.rwset, i) : []));
        const valid = batch.flatMap((tx, i) =>
            codes[i] === 'VALID' ? [{ writes: txWrites(tx.rwset), txIndex: i }] : [],
        );
        await this.write(lines, envelopes, privateWrites, valid);
        return codes.map((validationCode, txIndex) => {
            const detail = details[txIndex];
            return { blockNumber: number, txIndex, validationCode, ...(detail === undefined ? {} : { detail }) };
        });
    }

    private async write(
        lines: readonly Buffer[],
        envelopes: readonly TransactionEnvelope[],
        privateWrites: readonly PrivateWriteRecord[],
        valid: readonly { writes: TxWrites; txIndex: number }[] = [],
    ): Promise<void> {
        const { blocks, privateData, state, checkpoint } = this.options;
        const failure = this.failure;
        if (failure !== undefined) {
            throw failure;
        }
        const number = blocks.height;
        const header = {
            number,
            previousHash: this.lastHash,
            dataHash: dataHash(lines.map((line) => transactionHash(line))),
            timestamp: new Date().toISOString(),
        };
        const block: StoredBlock = { header, signature: signHeader(header, this.options.nodeKey), transactions: lines };
        if (privateWrites.length > 0) {
            await privateData.append({ blockNumber: number, writes: privateWrites });
        }
        let offset: number;
        try {
            offset = await blocks.append(block);
        } catch (error) {
            if (privateWrites.length > 0) {
                await privateData.discardFrom(number, { info: noop, warn: noop, error: noop });
            }
            throw error;
        }
        const headerHash = blockHash(header);
        // The block is durable (a restart keeps it); the checkpoint makes it acknowledged.
        await checkpoint.write({ height: number + 1, headerHash });
        this.options.beforeStateWrite?.(number);
        const update = state.update(number);
        for (const { writes, txIndex } of valid) {
            update.apply(writes, { blockNumber: number, txIndex });
        }
        envelopes.forEach((envelope, txIndex) => {
            update.indexTransaction(envelope.txId, { blockNumber: number, txIndex });
        });
        const savepoint = { height: number + 1, headerHash, blockEnd: blocks.end, pvtEnd: privateData.end };
        try {
            await update.commit(savepoint, offset);
        } catch (error) {
            // The block is stored but the state lacks it: no later block may be validated against that state.
            this.broken = new Error('the state database could not be written; restart to replay', { cause: error });
            throw error;
        }
        this.lastHash = headerHash;
        this.options.onCommit(number, block, envelopes);
    }
}

function noop(): void {
    // discarding private data of a block that failed to append needs no warning
}
