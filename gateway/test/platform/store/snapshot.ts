import type { SqlExecutor } from '../../../src/platform/store/db.js';
import { ProjectionRegistry } from '../../../src/platform/store/projection.js';
import { INDEX_FEATURES } from '../../../src/projections.js';

/** Every projected table of every feature (and the transaction journal). */
export const PROJECTED_TABLES: readonly string[] = new ProjectionRegistry(INDEX_FEATURES.handlers).tables;

/** Every row of every projection table (plus the checkpoint position), each table sorted by whole rows. */
export async function projectionSnapshot(db: SqlExecutor): Promise<Record<string, unknown[]>> {
    const snapshot: Record<string, unknown[]> = {
        checkpoint: await db.query('SELECT block_number, tx_index FROM ledger_checkpoint'),
    };
    for (const table of PROJECTED_TABLES) {
        snapshot[table] = await db.query(`SELECT * FROM ${table} t ORDER BY t::text`);
    }
    return snapshot;
}

/** Empties every table (between tests sharing one database); the schema stays. */
export async function truncateAll(db: SqlExecutor): Promise<void> {
    await db.query(
        `TRUNCATE ${[...PROJECTED_TABLES, ...INDEX_FEATURES.localTables, 'outages'].join(', ')} RESTART IDENTITY`,
    );
    await db.query('UPDATE ledger_checkpoint SET block_number = NULL, tx_index = NULL');
}
