import { expect } from 'chai';
import fc from 'fast-check';
import { compareKeys, SortedKeys } from '../../src/ledger/embedded/sorted-keys';

/** LevelDB's order: bytewise over UTF-8. */
function utf8Order(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const key = fc.string({
    unit: fc.constantFrom('a', 'b', '\u0000', '\u00e9', '\uffff', '\ue000', '\u{10ffff}', '\u{1f600}'),
});

describe('embedded ledger: sorted keys', function () {
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

    it('keeps a set in order through inserts and deletes, and scans ranges like a sorted array', function () {
        fc.assert(
            fc.property(
                fc.array(fc.tuple(fc.boolean(), key), { maxLength: 3000 }),
                key,
                key,
                (operations, from, to) => {
                    const set = new SortedKeys();
                    const model = new Set<string>();
                    for (const [add, k] of operations) {
                        if (add) {
                            set.add(k);
                            model.add(k);
                        } else {
                            set.delete(k);
                            model.delete(k);
                        }
                    }
                    const sorted = [...model].sort(utf8Order);
                    expect(set.size).to.equal(model.size);
                    expect([...set.range('', '')]).to.deep.equal(sorted);
                    const inRange = (k: string): boolean =>
                        utf8Order(k, from) >= 0 && (to === '' || utf8Order(k, to) < 0);
                    expect([...set.range(from, to)]).to.deep.equal(sorted.filter(inRange));
                    expect([...set.range(from, to, true)]).to.deep.equal(
                        sorted.filter((k) => inRange(k) && k !== from),
                    );
                },
            ),
            { numRuns: 200 },
        );
    });

    it('handles many keys (chunk splits) in order', function () {
        const set = new SortedKeys();
        const keys = Array.from({ length: 20_000 }, (_, i) => `k${(i * 7919) % 20_000}`);
        keys.forEach((k) => {
            set.add(k);
        });
        expect(set.size).to.equal(20_000);
        expect([...set.range('', '')]).to.deep.equal([...keys].sort(utf8Order));
        keys.slice(0, 19_990).forEach((k) => {
            set.delete(k);
        });
        expect([...set.range('', '')]).to.deep.equal(keys.slice(19_990).sort(utf8Order));
    });
});
