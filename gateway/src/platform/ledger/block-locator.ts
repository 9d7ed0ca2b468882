import { LRUCache } from 'lru-cache';
import type { Ledger } from './ledger';

/**
 * Finds the block of a transaction (`ledger.transactionProof`), remembering answers: a committed transaction
 * never moves, so the cache needs no invalidation. Writers {@link remember} their own commits.
 */
export class BlockLocator {
    private readonly blocks = new LRUCache<string, number>({ max: 100_000 });

    constructor(private readonly ledger: Ledger) {}

    /** Records that `txId` is in `blockNumber`. */
    remember(txId: string, blockNumber: number): void {
        this.blocks.set(txId, blockNumber);
    }

    /** The block number of a committed transaction. */
    async blockOf(txId: string): Promise<number> {
        const cached = this.blocks.get(txId);
        if (cached !== undefined) {
            return cached;
        }
        const { blockNumber } = await this.ledger.transactionProof(txId);
        this.blocks.set(txId, blockNumber);
        return blockNumber;
    }
}
