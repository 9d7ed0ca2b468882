import type { Ledger } from '../ledger/ledger.js';
import type { IndexCheckpoint } from './projection.js';

/** The command that rebuilds the index from the ledger (README "Operations"). */
export const REBUILD_COMMAND = 'npx court-ledger index rebuild';

/** The index was built from a ledger history this ledger does not hold: the gateway must not serve. */
export class IndexLedgerMismatchError extends Error {
    constructor(message: string) {
        super(
            `${message}. The gateway refuses to serve answers the ledger does not back. Stop the gateway and ` +
                `rebuild the index from the ledger: ${REBUILD_COMMAND} (with the same COURT_LEDGER_DATA and ` +
                'DATABASE_URL)',
        );
        this.name = 'IndexLedgerMismatchError';
    }
}

/**
 * Checks that the ledger still holds the block the index's checkpoint is at, with the same header hash.
 *
 * @throws IndexLedgerMismatchError naming which side is ahead and by how much, or the block where they differ
 */
export async function checkIndexAgainstLedger(
    checkpoint: IndexCheckpoint | undefined,
    ledger: Pick<Ledger, 'health' | 'blockHash'>,
): Promise<void> {
    if (checkpoint === undefined) {
        return;
    }
    const height = (await ledger.health()).height;
    if (height === undefined) {
        return;
    }
    const indexed = checkpoint.blockNumber;
    if (indexed >= height) {
        const ahead = indexed - height + 1;
        throw new IndexLedgerMismatchError(
            `the index is ahead of the ledger by ${ahead} block${ahead === 1 ? '' : 's'}: it has projected block ` +
                `${indexed}, but the ledger holds only ${height} block${height === 1 ? '' : 's'} (up to block ` +
                `${height - 1}); the ledger was rolled back or restored from an older copy`,
        );
    }
    if (checkpoint.blockHash === undefined) {
        return;
    }
    const hash = await ledger.blockHash(indexed);
    if (hash !== checkpoint.blockHash) {
        throw new IndexLedgerMismatchError(
            `the index and the ledger disagree at block ${indexed}: the index was projected from a block with ` +
                `hash ${checkpoint.blockHash}, the ledger's block ${indexed} has hash ${hash ?? '(none)'}; the ` +
                `ledger (height ${height}) was replaced by a different history`,
        );
    }
}
