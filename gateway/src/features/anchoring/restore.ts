import type { FastifyBaseLogger } from 'fastify';
import type { SqlExecutor } from '../../platform/store/db';
import { BATCHER_ACTOR, BatchFileError, type BatchFileStore } from '../../platform/batches/batch-files';
import type { Pepper } from '../../platform/pseudonyms/pepper';
import type { BatchRow } from './store';

/** What {@link restoreBatchItems} restored. */
export interface RestoreReport {
    /** Anchor batches recorded by this gateway's batcher whose items were restored from their batch files. */
    readonly batchesRestored: number;
    /** Items (leaves) restored into the anchoring queue as anchored. */
    readonly itemsRestored: number;
    /** Batches whose file is missing or does not match the anchored root (their receipts are not restored). */
    readonly problems: readonly BatchFileError[];
}

type BatchFileRow = Pick<BatchRow, 'batch_id' | 'root_hash' | 'tree_size' | 'kinds' | 'sources' | 'recorded_at'>;

/**
 * After a rebuild replayed the anchor batches: restores the leaves of every batch this gateway's batcher
 * anchored from its batch file, checked against the anchored root, so every receipt is served again.
 */
export async function restoreBatchItems(
    db: SqlExecutor,
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
        // An item's own kind and source are not in the batch file: a batch of one kind (source) gives it back.
        const [kind] = batch.kinds.length === 1 ? batch.kinds : ['unknown'];
        const [source] = batch.sources.length === 1 ? batch.sources : ['unknown'];
        const rows = await db.query<{ n: number }>(
            `WITH restored AS (
                INSERT INTO anchor_items (digest, kind, source_sub, received_at, batch_id, leaf_index)
                SELECT substring($1::bytea FROM g * 32 + 1 FOR 32), $3, $4, $5, $6, g
                FROM generate_series(0, $2::integer - 1) AS g
                ON CONFLICT (digest) DO NOTHING
                RETURNING 1
            ) SELECT count(*)::integer AS n FROM restored`,
            [digests, batch.tree_size, kind ?? 'unknown', source ?? 'unknown', batch.recorded_at, batch.batch_id],
        );
        await db.query(
            `INSERT INTO anchor_batch_plans (batch_id, tree_size, root_hash, sealed_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (batch_id) DO NOTHING`,
            [batch.batch_id, batch.tree_size, batch.root_hash, batch.recorded_at],
        );
        itemsRestored += rows[0]?.n ?? 0;
        batchesRestored += 1;
    }
    return { batchesRestored, itemsRestored, problems };
}
