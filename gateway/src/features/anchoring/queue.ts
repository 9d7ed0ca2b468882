import type { IndexStore } from '../../platform/store/index-store';
import type { BatchQueue } from './batcher';
import * as queue from '../../platform/anchor-queue/queue-store';
import type { AddedItem, BatchPlan, ItemStatus, PendingItemInput } from '../../platform/anchor-queue/queue-store';
import type { ReceiptSource } from './receipt-service';
import { batchById, type IndexedBatch } from './store';

/**
 * The gateway-local anchoring queue in the index database (see queue-store.ts): what the routes, the batcher
 * and the receipts use. Sealing rewrites every sealed item once, so it is reported to the index store, which
 * vacuums PGlite after heavy rewriting when configured to.
 */
export class AnchorQueue implements BatchQueue, ReceiptSource {
    constructor(private readonly index: IndexStore) {}

    /** Queues digests (idempotent per digest, bulk `unnest` insert); see {@link queue.addPendingItems}. */
    addPendingItems(items: readonly PendingItemInput[]): Promise<AddedItem[]> {
        return queue.addPendingItems(this.index.db, items);
    }

    /** Seals up to `maxItems` oldest unassigned items into a new batch; see {@link queue.sealNextBatch}. */
    sealNextBatch(maxItems: number): Promise<BatchPlan | undefined> {
        return queue.sealNextBatch(this.index.db, maxItems);
    }

    /** Stores the root computed for a sealed batch; see {@link queue.recordPlanRoot}. */
    recordPlanRoot(batchId: string, rootHash: Buffer | string, treeSize: number): Promise<void> {
        return queue.recordPlanRoot(this.index.db, batchId, rootHash, treeSize);
    }

    /** Sealed batches not yet confirmed by an `AnchorRecorded` event, oldest first, with digests. */
    unconfirmedPlans(): Promise<BatchPlan[]> {
        return queue.unconfirmedPlans(this.index.db);
    }

    /** The digests of a batch in leaf order (`n * 32` bytes). */
    batchDigests(batchId: string): Promise<Buffer> {
        return queue.batchDigests(this.index.db, batchId);
    }

    /** State of a queued digest; undefined if it was never queued here. */
    itemStatus(digestHex: string): Promise<ItemStatus | undefined> {
        return queue.itemStatus(this.index.db, digestHex);
    }

    /** Number of items not yet anchored (unassigned + in unconfirmed batches). */
    pendingCount(): Promise<number> {
        return queue.pendingCount(this.index.db);
    }

    /** Number of items not yet sealed into a batch. */
    unassignedCount(): Promise<number> {
        return queue.unassignedCount(this.index.db);
    }

    /** A recorded anchor batch with the number of local items in it. */
    batch(batchId: string): Promise<IndexedBatch | undefined> {
        return batchById(this.index.db, batchId);
    }
}
