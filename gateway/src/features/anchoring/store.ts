import type { AnchorRecord } from '@court-ledger/chaincode';
import type { AnchorQueue } from '../../platform/anchor-queue/anchor-queue';
import type { SqlExecutor } from '../../platform/store/db';

/** An anchor batch recorded on the ledger: the chaincode's fields, plus where and how much of it is here. */
export type IndexedBatch = Omit<AnchorRecord, 'recordedBy'> & {
    readonly blockNumber: number;
    /** The chaincode's record. */
    readonly record: AnchorRecord;
    /** Items of this batch held in this gateway's queue (0 for batches sealed by another gateway). */
    readonly itemCount: number;
};

/** A row of `anchor_batches` as read (the rebuild reads a subset of the columns). */
export interface BatchRow {
    batch_id: string;
    root_hash: string;
    tree_size: number;
    kinds: string[];
    sources: string[];
    tx_id: string;
    block_number: number;
    recorded_at: Date;
    record: AnchorRecord;
}

/** A recorded anchor batch with the number of items of it in this gateway's queue. */
export async function batchById(
    db: SqlExecutor,
    queue: Pick<AnchorQueue, 'batchItemCount'>,
    batchId: string,
): Promise<IndexedBatch | undefined> {
    const rows = await db.query<BatchRow>(`SELECT b.* FROM anchor_batches b WHERE b.batch_id = $1`, [batchId]);
    const row = rows[0];
    return row === undefined
        ? undefined
        : {
              batchId: row.batch_id,
              rootHash: row.root_hash,
              treeSize: row.tree_size,
              kinds: row.kinds,
              sources: row.sources,
              txId: row.tx_id,
              blockNumber: row.block_number,
              recordedAt: row.recorded_at.toISOString(),
              record: row.record,
              itemCount: await queue.batchItemCount(batchId),
          };
}
