import { expect } from 'chai';
import { BlockValidator } from '../src/validator';
import { TxSimulator } from '../src/handler';
import type { WorldState } from '../src/state-db';
import { closeStates, commitWrites, openState, removeTempDirs } from './helpers/fixtures';

/** Commits `writes` as one block at the next height (what the commit queue does after its fsync). */
async function commitBlock(state: WorldState, writes: Record<string, string | null>): Promise<void> {
    const map = new Map(
        Object.entries(writes).map(([key, value]) => [key, { value: value === null ? null : Buffer.from(value) }]),
    );
    await commitWrites(state, map);
}

function simulator(state: WorldState): TxSimulator {
    return new TxSimulator({
        state,
        channel: 'court',
        txId: 'tx',
        chaincodeName: 'cc',
        collections: undefined,
    });
}

/** Fetches the first range batch (what `getStateByRange` does before the chaincode iterates). */
async function scan(sim: TxSimulator, start: string, end: string): Promise<void> {
    await sim.handleGetStateByRange('', start, end);
}

describe('embedded ledger: MVCC validation against blocks committed after endorsement', function () {
    let state: WorldState;

    afterEach(closeStates);
    after(removeTempDirs);

    beforeEach(async function () {
        state = await openState();
        await commitBlock(state, {});
        const items: Record<string, string> = { other: 'o' };
        for (let i = 0; i < 150; i++) {
            items[`item/${String(i).padStart(3, '0')}`] = 'v';
        }
        await commitBlock(state, items);
    });

    it('point read: stale version is MVCC_READ_CONFLICT, untouched key stays valid', async function () {
        const stale = simulator(state);
        await stale.handleGetState('', 'other');
        const fresh = simulator(state);
        await fresh.handleGetState('', 'item/000');
        await fresh.handleGetState('', 'missing');
        await commitBlock(state, { other: 'changed' });
        expect(await new BlockValidator(state).validate(stale.rwset)).to.equal('MVCC_READ_CONFLICT');
        expect(await new BlockValidator(state).validate(fresh.rwset)).to.equal('VALID');
    });

    it('a read of an absent key conflicts with its creation', async function () {
        const sim = simulator(state);
        await sim.handleGetState('', 'new');
        await commitBlock(state, { new: 'x' });
        expect(await new BlockValidator(state).validate(sim.rwset)).to.equal('MVCC_READ_CONFLICT');
    });

    it('range: re-run after newer blocks; inserts, updates and deletes inside are phantoms', async function () {
        const changes: Record<string, string | null>[] = [
            { 'item/0505': 'x' },
            { 'item/010': 'x' },
            { 'item/020': null },
        ];
        for (const change of changes) {
            const sim = simulator(state);
            await scan(sim, 'item/', 'item0');
            // Fetch the rest so the scan is exhausted.
            await sim.handleQueryStateNext('scan-0');
            await commitBlock(state, change);
            expect(await new BlockValidator(state).validate(sim.rwset), JSON.stringify(change)).to.equal(
                'PHANTOM_READ_CONFLICT',
            );
        }
    });

    it('range: a change past where iteration stopped, or outside the range, keeps it valid', async function () {
        const outside = simulator(state);
        await scan(outside, 'item/', 'item0');
        await outside.handleQueryStateNext('scan-0');
        const partial = simulator(state);
        await scan(partial, 'item/', 'item0'); // first 100 results only: items 000..099
        await commitBlock(state, { other: 'changed', 'item/120': 'x', zzz: 'new' });
        expect(await new BlockValidator(state).validate(outside.rwset)).to.equal('PHANTOM_READ_CONFLICT');
        expect(await new BlockValidator(state).validate(partial.rwset)).to.equal('VALID');

        const clean = simulator(state);
        await scan(clean, 'item/', 'item0');
        await clean.handleQueryStateNext('scan-0');
        await commitBlock(state, { other: 'again', zzz: 'again' });
        expect(await new BlockValidator(state).validate(clean.rwset)).to.equal('VALID');
    });

    it('within a block, an earlier valid transaction invalidates a later reader', async function () {
        const writer = simulator(state);
        await writer.handlePutState('', 'other', Buffer.from('w'));
        const reader = simulator(state);
        await reader.handleGetState('', 'other');
        const scanner = simulator(state);
        await scanner.handleGetStateByRange('', 'o', 'p');
        const validator = new BlockValidator(state);
        expect(await validator.validate(writer.rwset)).to.equal('VALID');
        expect(await validator.validate(reader.rwset)).to.equal('MVCC_READ_CONFLICT');
        expect(await validator.validate(scanner.rwset)).to.equal('PHANTOM_READ_CONFLICT');
    });
});
