import type { Committed, Ledger } from '@court-ledger/ledger-api';
import { LRUCache } from 'lru-cache';
import type { SqlExecutor } from '../store/db';
import { transactionPositions } from '../store/transactions';

/** Where a committed transaction is: its block and timestamp. */
export interface TransactionPlace {
    readonly blockNumber: number;
    /** Transaction timestamp (ISO 8601 UTC), as the ledger gives it. */
    readonly timestamp: string;
}

/** Most transaction places a {@link BlockLocator} remembers. */
const REMEMBERED_PLACES = 100_000;

/**
 * Finds the block of committed transactions from the index's transaction journal (one query for any number
 * of them). A transaction the projector has not reached yet (committed a moment ago, read back from the
 * ledger before its block was projected) is asked of the ledger (`transactionProof`) instead.
 *
 * A committed transaction never moves, so places once found (or {@link remember}ed from a write) are kept in
 * a bounded cache that needs no invalidation: a record naming many transactions (a service with every event)
 * queries only those not seen before, instead of the whole journal lookup on every view.
 */
export class BlockLocator {
    private readonly known = new LRUCache<string, TransactionPlace>({ max: REMEMBERED_PLACES });

    constructor(
        private readonly ledger: Pick<Ledger, 'transactionProof'>,
        private readonly db: SqlExecutor,
    ) {}

    /** Records the place of a transaction this gateway committed. */
    remember(committed: Pick<Committed, 'txId' | 'blockNumber' | 'timestamp'>): void {
        this.known.set(committed.txId, { blockNumber: committed.blockNumber, timestamp: committed.timestamp });
    }

    /** The place of every one of `txIds` (committed transactions; an unknown one rejects with not-found). */
    async places(txIds: readonly string[]): Promise<Map<string, TransactionPlace>> {
        const found = new Map<string, TransactionPlace>();
        const unknown: string[] = [];
        for (const txId of new Set(txIds)) {
            const place = this.known.get(txId);
            if (place === undefined) {
                unknown.push(txId);
            } else {
                found.set(txId, place);
            }
        }
        const indexed = await transactionPositions(this.db, unknown);
        const missing = unknown.filter((txId) => !indexed.has(txId));
        const proofs = await Promise.all(missing.map((txId) => this.ledger.transactionProof(txId)));
        for (const [txId, position] of indexed) {
            this.keep(found, txId, { blockNumber: position.blockNumber, timestamp: position.timestamp });
        }
        missing.forEach((txId, i) => {
            const proof = proofs[i];
            if (proof !== undefined) {
                this.keep(found, txId, { blockNumber: proof.blockNumber, timestamp: proof.timestamp });
            }
        });
        return found;
    }

    private keep(found: Map<string, TransactionPlace>, txId: string, place: TransactionPlace): void {
        found.set(txId, place);
        this.known.set(txId, place);
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
