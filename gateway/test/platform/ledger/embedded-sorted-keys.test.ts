import { expect } from 'chai';
import fc from 'fast-check';
import { compareKeys } from '../../../src/platform/ledger/embedded/sorted-keys';
import { closeStates, commitWrites, openState, removeTempDirs } from './helpers/fixtures';

/** LevelDB's order: bytewise over UTF-8. */
function utf8Order(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const key = fc.string({
    unit: fc.constantFrom('a', 'b', '\u0000', '\u00e9', '\uffff', '\ue000', '\u{10ffff}', '\u{1f600}'),
});

describe('embedded ledger: sorted keys', function () {
    after(async function () {
        await closeStates();
        removeTempDirs();
    });

    it('compares like UTF-8 bytes (LevelDB order)', function () {
        fc.assert(
            fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
                expect(Math.sign(compareKeys(a, b))).to.equal(Math.sign(utf8Order(a, b)));
            }),
        );
        fc.assert(
            fc.property(key, key, (a, b) => {
                expect(Math.sign(compareKeys(a, b))).to.equal(Math.sign(utf8Order(a, b)));
            }),
        );
    });

    it('the state DB keeps keys in that order through puts and deletes, and scans ranges like a sorted array', async function () {
        this.timeout(120_000);
        await fc.assert(
            fc.asyncProperty(
                fc.array(
                    fc.tuple(
                        fc.boolean(),
                        key.filter((k) => k !== ''),
                    ),
                    { maxLength: 500 },
                ),
                key,
                key,
                async (operations, from, to) => {
                    const state = await openState();
                    const model = new Set<string>();
                    for (const [add, k] of operations) {
                        await commitWrites(state, new Map([[k, { value: add ? Buffer.from('v') : null }]]));
                        if (add) {
                            model.add(k);
                        } else {
                            model.delete(k);
                        }
                    }
                    const sorted = [...model].sort(utf8Order);
                    const scan = async (start: string, end: string, exclusive = false): Promise<string[]> => {
                        const keys: string[] = [];
                        for await (const [k] of state.range('', start, end, exclusive)) {
                            keys.push(k);
                        }
                        return keys;
                    };
                    expect(await scan('', '')).to.deep.equal(sorted);
                    const inRange = (k: string): boolean =>
                        utf8Order(k, from) >= 0 && (to === '' || utf8Order(k, to) < 0);
                    expect(await scan(from, to)).to.deep.equal(sorted.filter(inRange));
                    expect(await scan(from, to, true)).to.deep.equal(sorted.filter((k) => inRange(k) && k !== from));
                    await closeStates();
                },
            ),
            { numRuns: 40 },
        );
    });
});
