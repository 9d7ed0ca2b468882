import { MAX_TAGS } from '@court-ledger/chaincode';
import type { SqlExecutor } from '../store/db';
import { QueueStore, type BatchPlan, type PendingItemInput, type QueuedItem } from './queue-store';

/** Derived anchoring state of a queue item: `anchored` once its batch's `AnchorRecorded` event is in the index. */
export type AnchorItemState = 'pending' | 'anchored';

/** Result of {@link AnchorQueue.add} for one input item (same order as the input). */
export interface AddedItem {
    /** Lower-case hex. */
    readonly digest: string;
    readonly status: AnchorItemState;
    /** Set when the item (added earlier) is already sealed into a batch. */
    readonly batchId?: string;
}

/** Everything known about one queued digest (for receipts, status and verification): the queue's, plus the ledger's. */
export interface ItemStatus extends QueuedItem {
    readonly status: AnchorItemState;
    /** Ledger transaction that recorded the batch (anchored only). */
    readonly txId?: string;
    readonly blockNumber?: number;
    /** When the ledger recorded the batch (anchored only; ISO 8601 from the chaincode record). */
    readonly recordedAt?: string;
}

/** Told how many items were queued (after they were stored). */
export type QueuedListener = (count: number) => void;

/** A batch as the index's `anchor_batches` projection holds it. */
interface RecordedBatch {
    readonly treeSize: number;
    readonly rootHash: string;
    readonly txId: string;
    readonly blockNumber: number;
    readonly recordedAt: string;
}

interface RecordedRow {
    batch_id: string;
    tree_size: number;
    root_hash: string;
    tx_id: string;
    block_number: number;
    recorded_at: Date;
}

/**
 * The one way into the anchoring queue for every feature (the anchoring routes; recordings, which anchor what
 * they record), and what the batcher, receipts and verification read: the gateway-local {@link QueueStore}
 * joined with the index's projection of the batches the ledger recorded. The anchoring feature listens
 * ({@link AnchorQueue.onQueued}) to close a full batch early and to count queued items.
 */
export class AnchorQueue {
    private readonly listeners = new Set<QueuedListener>();

    constructor(
        readonly store: QueueStore,
        private readonly index: SqlExecutor,
    ) {}

    /** Opens the queue of a gateway data folder over the index database `index`. */
    static async open(dataDir: string, index: SqlExecutor): Promise<AnchorQueue> {
        return new AnchorQueue(await QueueStore.open(QueueStore.folder(dataDir)), index);
    }

    close(): Promise<void> {
        return this.store.close();
    }

    /**
     * Queues digests (idempotent per digest), stored durably before it resolves, and tells the listeners.
     *
     * @returns one entry per input item, in input order
     */
    async add(items: readonly PendingItemInput[]): Promise<AddedItem[]> {
        const added = await this.store.add(items);
        const recorded = await this.recordedBatches(added.flatMap((item) => item.batchId ?? []));
        this.queued(items.length);
        return added.map((item) =>
            item.batchId === undefined
                ? { digest: item.digest, status: 'pending' }
                : {
                      digest: item.digest,
                      status: recorded.has(item.batchId) ? 'anchored' : 'pending',
                      batchId: item.batchId,
                  },
        );
    }

    /** Reports `count` queued items to every listener. */
    private queued(count: number): void {
        for (const listener of this.listeners) {
            listener(count);
        }
    }

    /** Registers a listener; returns its removal. */
    onQueued(listener: QueuedListener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /** Seals up to `maxItems` of the oldest unsealed items into a new batch; see {@link QueueStore.seal}. */
    sealNextBatch(maxItems: number): Promise<BatchPlan | undefined> {
        return this.store.seal(maxItems, MAX_TAGS);
    }

    /** Stores the root computed for a sealed batch; see {@link QueueStore.recordRoot}. */
    recordPlanRoot(batchId: string, rootHash: Buffer | string, treeSize: number): Promise<void> {
        return this.store.recordRoot(batchId, rootHash, treeSize);
    }

    /**
     * Sealed batches whose `AnchorRecorded` event is not in the index, oldest first, with their leaves: after a
     * crash or a ledger outage the batcher submits them again (the same batch id makes the ledger write
     * idempotent). Batches found recorded are marked so in the queue.
     */
    async unconfirmedPlans(): Promise<BatchPlan[]> {
        const open = await this.store.openBatchIds();
        const recorded = await this.recordedBatches(open);
        await this.store.markRecorded(open.filter((id) => recorded.has(id)));
        const plans = await Promise.all(open.filter((id) => !recorded.has(id)).map((id) => this.store.batch(id)));
        return plans.filter((plan): plan is BatchPlan => plan !== undefined);
    }

    /** The leaves of a batch sealed (or restored) here, in leaf order (`n * 32` bytes; empty if none). */
    batchDigests(batchId: string): Promise<Buffer> {
        return this.store.leaves(batchId);
    }

    /** Items of a batch held in this queue (0 for batches sealed by another gateway). */
    batchItemCount(batchId: string): Promise<number> {
        return this.store.itemCount(batchId);
    }

    /** The state of one queued digest (hex, either case), or undefined if it was never queued here. */
    async itemStatus(digestHex: string): Promise<ItemStatus | undefined> {
        const item = await this.store.item(digestHex);
        if (item === undefined) {
            return undefined;
        }
        const recorded =
            item.batchId === undefined ? undefined : (await this.recordedBatches([item.batchId])).get(item.batchId);
        if (recorded === undefined) {
            return { status: 'pending', ...item };
        }
        return {
            ...item,
            status: 'anchored',
            treeSize: recorded.treeSize,
            rootHash: recorded.rootHash,
            txId: recorded.txId,
            blockNumber: recorded.blockNumber,
            recordedAt: recorded.recordedAt,
        };
    }

    /** Items not yet anchored: unsealed ones plus those of sealed batches not yet recorded on the ledger. */
    async pendingCount(): Promise<number> {
        const plans = await this.unconfirmedPlanSizes();
        return this.store.unsealedCount + plans;
    }

    /** Items not yet sealed into a batch. */
    unassignedCount(): number {
        return this.store.unsealedCount;
    }

    private async unconfirmedPlanSizes(): Promise<number> {
        const open = await this.store.openBatchIds();
        const recorded = await this.recordedBatches(open);
        const sizes = await Promise.all(open.filter((id) => !recorded.has(id)).map((id) => this.store.itemCount(id)));
        return sizes.reduce((sum, n) => sum + n, 0);
    }

    /**
     * The batches among `batchIds` that the index holds as recorded on the ledger. Read every time, not cached:
     * the index is the authority (a rebuilt or repaired index is believed at once).
     */
    private async recordedBatches(batchIds: readonly string[]): Promise<Map<string, RecordedBatch>> {
        const found = new Map<string, RecordedBatch>();
        if (batchIds.length === 0) {
            return found;
        }
        const rows = await this.index.query<RecordedRow>(
            `SELECT batch_id, tree_size, root_hash, tx_id, block_number, recorded_at FROM anchor_batches
             WHERE batch_id = ANY($1::text[])`,
            [[...new Set(batchIds)]],
        );
        for (const row of rows) {
            found.set(row.batch_id, {
                treeSize: row.tree_size,
                rootHash: row.root_hash,
                txId: row.tx_id,
                blockNumber: row.block_number,
                recordedAt: row.recorded_at.toISOString(),
            });
        }
        return found;
    }
}
