import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { chainLink, chainOf, chainStart, closingDigest, compareSegments } from '../../../src/features/recordings/chain';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex'));

describe('recording hash chain (Art. 16: hearing and mediation records)', () => {
    // Known-answer values computed independently (Python hashlib) from the byte encoding documented in chain.ts.
    const sessionId = 'hearing-2026-001';
    const one = sha256('segment one');
    const two = sha256('segment two');
    const expected = {
        start: '95b7927e9f2233974a7b931485e9414978b5875eb675285416f65724a8a1069c',
        chain1: '2bec350327bca0321eec334aa8501a68319f8907e1518df50d7ae0b13932c5a4',
        chain2: 'fa8d9a34eeac5e94cfd3ef6b5512b704a12ee45e7b32d5d13755d77b7d84f591',
        closing: '6b392461f257c78d7e500f8affa009c19f4e7df18b3b0ba2d73bbb5137b4c4a9',
    };

    it('matches the documented byte encoding (known answers)', () => {
        expect(chainStart(sessionId)).to.equal(expected.start);
        expect(chainLink(expected.start, 1, one)).to.equal(expected.chain1);
        expect(chainLink(expected.chain1, 2, two)).to.equal(expected.chain2);
        expect(closingDigest(expected.chain2, 2)).to.equal(expected.closing);
        expect(chainOf(sessionId, [one, two])).to.deep.equal({ chain: expected.chain2, closing: expected.closing });
    });

    it('binds the session, the order, the number and every digest', () => {
        expect(chainStart('hearing-2026-002')).to.not.equal(expected.start);
        expect(chainOf(sessionId, [two, one]).chain).to.not.equal(expected.chain2);
        expect(chainOf(sessionId, [one]).closing).to.not.equal(expected.closing);
        expect(closingDigest(expected.chain2, 3)).to.not.equal(expected.closing);
        fc.assert(
            fc.property(fc.array(hex64, { minLength: 1, maxLength: 12 }), fc.nat(), hex64, (digests, at, other) => {
                const index = at % digests.length;
                fc.pre(digests[index] !== other);
                const changed = digests.map((digest, i) => (i === index ? other : digest));
                return chainOf(sessionId, changed).closing !== chainOf(sessionId, digests).closing;
            }),
        );
    });

    it('refuses malformed input', () => {
        expect(() => chainLink(expected.start, 0, one)).to.throw(/from 1/);
        expect(() => chainLink(expected.start, 1, one.toUpperCase())).to.throw(/hex/);
        expect(() => closingDigest('abc', 1)).to.throw(/hex/);
        expect(() => closingDigest(expected.chain2, -1)).to.throw(/non-negative/);
    });

    describe('comparing a presented recording with the recorded one', () => {
        const recorded = ['a', 'b', 'c', 'd'].map(sha256);
        const [a, b, c, d] = recorded as [string, string, string, string];
        const x = sha256('x');
        const cases: {
            name: string;
            given: string[];
            firstDifference?: number;
            changed: number[];
            missing: number[];
            added: number[];
        }[] = [
            { name: 'the same segments', given: [a, b, c, d], changed: [], missing: [], added: [] },
            {
                name: 'segment 3 changed',
                given: [a, b, x, d],
                firstDifference: 3,
                changed: [3],
                missing: [],
                added: [],
            },
            {
                name: 'the last segment removed',
                given: [a, b, c],
                firstDifference: 4,
                changed: [],
                missing: [4],
                added: [],
            },
            {
                name: 'a segment appended',
                given: [a, b, c, d, x],
                firstDifference: 5,
                changed: [],
                missing: [],
                added: [5],
            },
            {
                name: 'segment 2 removed',
                given: [a, c, d],
                firstDifference: 2,
                changed: [2, 3],
                missing: [4],
                added: [],
            },
            {
                name: 'segments 2 and 3 swapped',
                given: [a, c, b, d],
                firstDifference: 2,
                changed: [2, 3],
                missing: [],
                added: [],
            },
            { name: 'nothing presented', given: [], firstDifference: 1, changed: [], missing: [1, 2, 3, 4], added: [] },
        ];
        for (const row of cases) {
            it(row.name, () => {
                const result = compareSegments(recorded, row.given);
                expect(result.intact).to.equal(row.firstDifference === undefined);
                expect(result.firstDifference).to.equal(row.firstDifference);
                expect(result.changed.map((change) => change.seq)).to.deep.equal(row.changed);
                expect(result.missing.map((gone) => gone.seq)).to.deep.equal(row.missing);
                expect(result.added.map((extra) => extra.seq)).to.deep.equal(row.added);
            });
        }

        it('names what each differing segment should have been', () => {
            expect(compareSegments(recorded, [a, b, x, d]).changed).to.deep.equal([{ seq: 3, expected: c, given: x }]);
        });
    });
});
