import type { SqlExecutor } from './db.js';

/**
 * The transaction journal (`ledger_transactions`): the position and time of every transaction whose chaincode
 * event was projected, whatever its contract. Every record on the ledger names the transactions that wrote it
 * (`txId` of the record and of each trail entry), so views learn each one's block here.
 */

/** Where and when a transaction committed. */
export interface TransactionPosition {
    readonly blockNumber: number;
    readonly txIndex: number;
    /** Transaction timestamp (ISO 8601 UTC), as the ledger gives it. */
    readonly timestamp: string;
}

/**
 * Records the applied events' transactions; `$1` is a JSON array of `{t, b, i, n, at}` (tx id, block, index,
 * event name, time). A transaction already recorded keeps its row (redelivery).
 */
export const RECORD_TRANSACTIONS = `
    INSERT INTO ledger_transactions (tx_id, block_number, tx_index, event_name, tx_timestamp)
    SELECT x->>'t', (x->>'b')::bigint, (x->>'i')::integer, x->>'n', x->>'at'
    FROM jsonb_array_elements($1::jsonb) AS u(x)
    ON CONFLICT (tx_id) DO NOTHING`;

/** The `$1` of {@link RECORD_TRANSACTIONS}. */
export function transactionsParam(
    events: readonly { blockNumber: number; txIndex: number; txId: string; name: string; timestamp: string }[],
): string {
    return JSON.stringify(
        events.map((e) => ({ t: e.txId, b: e.blockNumber, i: e.txIndex, n: e.name, at: e.timestamp })),
    );
}

interface PositionRow {
    tx_id: string;
    block_number: number;
    tx_index: number;
    tx_timestamp: string;
}

/** The positions of those of `txIds` that the index holds (absent ones are not in the map). */
export async function transactionPositions(
    db: SqlExecutor,
    txIds: readonly string[],
): Promise<Map<string, TransactionPosition>> {
    const unique = [...new Set(txIds)];
    const rows =
        unique.length === 0
            ? []
            : await db.query<PositionRow>(
                  'SELECT tx_id, block_number, tx_index, tx_timestamp FROM ledger_transactions WHERE tx_id = ANY($1::text[])',
                  [unique],
              );
    return new Map(
        rows.map((row) => [
            row.tx_id,
            { blockNumber: row.block_number, txIndex: row.tx_index, timestamp: row.tx_timestamp },
        ]),
    );
}
