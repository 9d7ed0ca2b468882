import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { DigestFilter } from '../../../src/platform/anchor-queue/digest-filter.js';

describe('digest filter', () => {
    it('answers "maybe" for everything until ready', () => {
        const filter = new DigestFilter();
        expect(filter.mightContain(randomBytes(32))).to.equal(true);
        filter.markReady();
        expect(filter.ready).to.equal(true);
        expect(filter.mightContain(randomBytes(32))).to.equal(false);
    });

    it('never rules out an added digest, grows past its first capacity, and rules out nearly all others', () => {
        const filter = new DigestFilter();
        filter.markReady();
        const added = Array.from({ length: 1_200_000 }, () => randomBytes(32));
        for (const digest of added) {
            filter.add(digest);
        }
        expect(added.every((digest) => filter.mightContain(digest))).to.equal(true);
        const others = Array.from({ length: 100_000 }, () => randomBytes(32));
        const falsePositives = others.filter((digest) => filter.mightContain(digest)).length;
        // Two filters (the first full, the second a sixth full): well under 2 % together.
        expect(falsePositives).to.be.below(2_000);
    });
});
