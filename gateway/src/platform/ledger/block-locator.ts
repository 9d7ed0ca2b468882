import type { Ledger } from '@court-ledger/ledger-api';
import type { SqlExecutor } from '../store/db';
import { transactionPositions } from '../store/transactions';

/** Where a committed transaction is: its block and timestamp. */
export interface TransactionPlace {
    readonly blockNumber: number;
    /** Transaction timestamp (ISO 8601 UTC), as the ledger gives it. */
    readonly timestamp: string;
}

/**
 * Finds the block of committed transactions from the index's transaction journal (one query for any number
 * of them). A transaction the projector has not reached yet (committed a moment ago, read back from the
 * ledger before its block was projected) is asked of the ledger (`transactionProof`) instead.
 */
export class BlockLocator {
    constructor(
        private readonly ledger: Pick<Ledger, 'transactionProof'>,
        private readonly db: SqlExecutor,
    ) {}

    /** The place of every one of `txIds` (committed transactions; an unknown one rejects with not-found). */
    async places(txIds: readonly string[]): Promise<Map<string, TransactionPlace>> {
        const found: Map<string, TransactionPlace> = await transactionPositions(this.db, txIds);
        const missing = [...new Set(txIds)].filter((txId) => !found.has(txId));
        const proofs = await Promise.all(missing.map((txId) => this.ledger.transactionProof(txId)));
        missing.forEach((txId, i) => {
            const proof = proofs[i];
            if (proof !== undefined) {
                found.set(txId, { blockNumber: proof.blockNumber, timestamp: proof.timestamp });
            }
        });
        return found;
    }

    /** The block number of every one of `txIds`. */
    async blocks(txIds: readonly string[]): Promise<Map<string, number>> {
        const places = await this.places(txIds);
        return new Map([...places].map(([txId, place]) => [txId, place.blockNumber]));
    }

    /** The place of one committed transaction. */
    async place(txId: string): Promise<TransactionPlace> {
        const place = (await this.places([txId])).get(txId);
        if (place === undefined) {
            throw new Error(`no place found for transaction ${txId}`);
        }
        return place;
    }
}
