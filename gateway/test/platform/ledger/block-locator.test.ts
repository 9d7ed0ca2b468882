import { expect } from 'chai';
import type { Ledger, TransactionProof } from '@court-ledger/ledger-api';
import { BlockLocator } from '../../../src/platform/ledger/block-locator.js';
import type { SqlExecutor, SqlParam } from '../../../src/platform/store/db.js';
import { makePgliteDatabase } from '../store/backends.js';
import { ledgerEvent } from '../store/events.js';
import { useIndex } from '../store/index-fixture.js';

/** The index's executor, counting the queries that reach it. */
class CountingExecutor implements SqlExecutor {
    queries = 0;

    constructor(private readonly target: SqlExecutor) {}

    query<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
        this.queries += 1;
        return this.target.query<T>(sql, params);
    }
}

/** A ledger whose only answer is a proof for `tx-late` (a transaction the index has not projected yet). */
function lateLedger(): Pick<Ledger, 'transactionProof'> & { asked: string[] } {
    const asked: string[] = [];
    return {
        asked,
        transactionProof(txId: string) {
            asked.push(txId);
            if (txId !== 'tx-late') {
                return Promise.reject(new Error(`unexpected proof request for ${txId}`));
            }
            return Promise.resolve({ blockNumber: 9, timestamp: '2026-01-01T00:00:09.000Z' } as TransactionProof);
        },
    };
}

describe('BlockLocator', () => {
    const index = useIndex(makePgliteDatabase);

    beforeEach(async () => {
        await index.store.applyEvents([ledgerEvent(3, 0, 'Unprojected', {}), ledgerEvent(4, 1, 'Unprojected', {})]);
    });

    it('reads places from the journal once, then from what it found, asking the ledger only for unprojected ones', async () => {
        const db = new CountingExecutor(index.db);
        const ledger = lateLedger();
        const locator = new BlockLocator(ledger, db);

        const first = await locator.blocks(['tx-3-0', 'tx-4-1', 'tx-late', 'tx-3-0']);
        expect([...first]).to.deep.equal([
            ['tx-3-0', 3],
            ['tx-4-1', 4],
            ['tx-late', 9],
        ]);
        expect(db.queries).to.equal(1);
        expect(ledger.asked).to.deep.equal(['tx-late']);

        const again = await locator.places(['tx-late', 'tx-4-1']);
        expect(again.get('tx-4-1')).to.deep.equal({ blockNumber: 4, timestamp: '2026-01-01T00:00:04.000Z' });
        expect(again.get('tx-late')?.blockNumber).to.equal(9);
        expect(db.queries).to.equal(1);
        expect(ledger.asked).to.deep.equal(['tx-late']);
    });

    it('answers a remembered write without a query', async () => {
        const db = new CountingExecutor(index.db);
        const locator = new BlockLocator(lateLedger(), db);
        locator.remember({ txId: 'tx-mine', blockNumber: 12, timestamp: '2026-01-01T00:00:12.000Z' });

        expect(await locator.place('tx-mine')).to.deep.equal({
            blockNumber: 12,
            timestamp: '2026-01-01T00:00:12.000Z',
        });
        expect(db.queries).to.equal(0);
    });
});
