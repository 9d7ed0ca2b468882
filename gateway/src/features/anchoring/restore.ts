import type { FastifyBaseLogger } from 'fastify';
import type { SqlExecutor } from '../../platform/store/db';
import { BATCHER_ACTOR, BatchFileError, type BatchFileStore } from '../../platform/batches/batch-files';
import type { QueueStore } from '../../platform/anchor-queue/queue-store';
import type { Pepper } from '../../platform/pseudonyms/pepper';
import type { BatchRow } from './store';

/** What {@link restoreBatchItems} restored. */
export interface RestoreReport {
    /** Anchor batches of this gateway's batcher the queue had lost, restored from their batch files. */
    readonly batchesRestored: number;
    /** Items (leaves) restored into the anchoring queue as anchored. */
    readonly itemsRestored: number;
    /** Batches whose file is missing or does not match the anchored root (their receipts are not restored). */
    readonly problems: readonly BatchFileError[];
}

type BatchFileRow = Pick<BatchRow, 'batch_id' | 'root_hash' | 'tree_size' | 'kinds' | 'sources' | 'recorded_at'>;

/**
 * After a rebuild replayed the anchor batches: puts back into the anchoring queue every batch this gateway's
 * batcher anchored that the queue no longer knows (its folder was lost), from its batch file, checked against
 * the anchored root, so every receipt is served again.
 */
export async function restoreBatchItems(
    db: SqlExecutor,
    queue: QueueStore,
    files: BatchFileStore,
    log: FastifyBaseLogger,
    pepper: Pepper,
): Promise<RestoreReport> {
    const batches = await db.query<BatchFileRow>(
        `SELECT batch_id, root_hash, tree_size, kinds, sources, recorded_at FROM anchor_batches
         WHERE record -> 'recordedBy' ->> 'sub' = $1 ORDER BY block_number, batch_id`,
        // The ledger knows the batcher, like every principal, by its pseudonym.
        [pepper.pseudonym(BATCHER_ACTOR.sub)],
    );
    const problems: BatchFileError[] = [];
    let itemsRestored = 0;
    let batchesRestored = 0;
    for (const batch of batches) {
        if (await queue.has(batch.batch_id)) {
            continue;
        }
        let digests: Buffer;
        try {
            digests = await files.read(batch.batch_id, batch.root_hash, batch.tree_size);
        } catch (error) {
            if (!(error instanceof BatchFileError)) {
                throw error;
            }
            log.error(error.message);
            problems.push(error);
            continue;
        }
        itemsRestored += await queue.putBatch({
            batchId: batch.batch_id,
            rootHash: batch.root_hash,
            kinds: batch.kinds,
            sources: batch.sources,
            sealedAt: batch.recorded_at,
            leaves: digests,
            open: false,
        });
        batchesRestored += 1;
    }
    return { batchesRestored, itemsRestored, problems };
}
