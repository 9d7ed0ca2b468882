import type { SqlExecutor } from '../../../src/platform/store/db.js';

/** Every row of the projection tables (plus the checkpoint position), in a stable order. */
export async function projectionSnapshot(db: SqlExecutor): Promise<Record<string, unknown[]>> {
    return {
        checkpoint: await db.query('SELECT block_number, tx_index FROM ledger_checkpoint'),
        evidence: await db.query('SELECT * FROM evidence ORDER BY evidence_id'),
        custody: await db.query('SELECT * FROM evidence_custody ORDER BY evidence_id, seq'),
        batches: await db.query('SELECT * FROM anchor_batches ORDER BY batch_id'),
    };
}

/** Empties every table (between tests sharing one database); the schema stays. */
export async function truncateAll(db: SqlExecutor): Promise<void> {
    await db.query(
        `TRUNCATE evidence_custody, evidence, anchor_batches, anchor_items, anchor_batch_plans, custody_notes,
                  outages RESTART IDENTITY`,
    );
    await db.query('UPDATE ledger_checkpoint SET block_number = NULL, tx_index = NULL');
}
