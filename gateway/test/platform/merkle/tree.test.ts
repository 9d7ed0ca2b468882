import { createHash, hash as oneShotHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { buildTree, buildTreeFromLeafHashes, emptyRoot, leafHash, nodeHash } from '../../../src/platform/merkle';
import { selectSha256 } from '../../../src/platform/merkle/hash';
import { digestsFor, hex, merkletreejsOracle, refLeafHash, refPath, refRoot } from './oracles';

const MAX_SIZE = 300;

describe('merkle: tree building', () => {
    const digests = digestsFor(MAX_SIZE);
    const leafHashes = digests.map(refLeafHash);

    it('matches merkletreejs (root and every proof) and the literal RFC 6962 MTH for every size 1..300', () => {
        for (let size = 1; size <= MAX_SIZE; size++) {
            const tree = buildTree(digests.slice(0, size));
            const leaves = leafHashes.slice(0, size);
            const oracle = merkletreejsOracle(leaves);
            const root = hex(tree.rootHash());
            expect(root, `RFC root, size ${size}`).to.equal(hex(refRoot(leaves)));
            expect(root, `merkletreejs root, size ${size}`).to.equal(hex(oracle.root));
            for (let m = 0; m < size; m++) {
                expect(tree.inclusionProof(m).map(hex), `proof ${m}/${size}`).to.deep.equal(oracle.proof(m).map(hex));
            }
        }
    });

    it('matches the literal RFC 6962 PATH for every leaf of every size 1..70', () => {
        for (let size = 1; size <= 70; size++) {
            const tree = buildTree(digests.slice(0, size));
            for (let m = 0; m < size; m++) {
                const expected = refPath(m, leafHashes.slice(0, size)).map(hex);
                expect(tree.inclusionProof(m).map(hex), `path ${m}/${size}`).to.deep.equal(expected);
            }
        }
    });

    it('agrees with merkletreejs on random digests (property)', () => {
        fc.assert(
            fc.property(
                fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: MAX_SIZE }),
                fc.nat(),
                (arrays, pick) => {
                    const input = arrays.map((a) => Buffer.from(a));
                    const tree = buildTree(input);
                    const oracle = merkletreejsOracle(input.map(refLeafHash));
                    const m = pick % input.length;
                    expect(hex(tree.rootHash())).to.equal(hex(oracle.root));
                    expect(tree.inclusionProof(m).map(hex)).to.deep.equal(oracle.proof(m).map(hex));
                },
            ),
            { numRuns: 200 },
        );
    });

    it('builds the same tree from a flat buffer, an array, Uint8Arrays and leaf hashes', () => {
        for (const size of [1, 2, 3, 7, 64, 65, 257]) {
            const list = digests.slice(0, size);
            const root = hex(buildTree(list).rootHash());
            const flat = Buffer.concat(list);
            expect(hex(buildTree(flat).rootHash())).to.equal(root);
            expect(hex(buildTree(new Uint8Array(flat)).rootHash())).to.equal(root);
            expect(hex(buildTree(flat.subarray(0)).rootHash())).to.equal(root);
            expect(hex(buildTreeFromLeafHashes(leafHashes.slice(0, size)).rootHash())).to.equal(root);
            expect(hex(buildTreeFromLeafHashes(Buffer.concat(leafHashes.slice(0, size))).rootHash())).to.equal(root);
        }
    });

    it('reads a flat buffer that is a view into a larger one at an odd offset', () => {
        const backing = Buffer.concat([Buffer.alloc(3, 0xff), ...digests.slice(0, 5), Buffer.alloc(5, 0xee)]);
        const view = backing.subarray(3, 3 + 5 * 32);
        expect(hex(buildTree(view).rootHash())).to.equal(hex(refRoot(leafHashes.slice(0, 5))));
    });

    it('handles the empty tree', () => {
        const tree = buildTree([]);
        expect(tree.treeSize).to.equal(0);
        expect(hex(tree.rootHash())).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
        expect(hex(buildTree(Buffer.alloc(0)).rootHash())).to.equal(hex(emptyRoot()));
        expect(() => tree.inclusionProof(0)).to.throw(RangeError);
    });

    it('rejects digests that are not 32 bytes', () => {
        expect(() => buildTree(Buffer.alloc(33))).to.throw(RangeError, /multiple of 32/);
        expect(() => buildTree([Buffer.alloc(32), Buffer.alloc(31)])).to.throw(RangeError, /entry 1/);
        expect(() => buildTreeFromLeafHashes([Buffer.alloc(64)])).to.throw(RangeError, /entry 0/);
    });

    it('rejects leaf indexes outside [0, treeSize)', () => {
        const tree = buildTree(digests.slice(0, 5));
        for (const bad of [-1, 5, 6, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
            expect(() => tree.inclusionProof(bad), String(bad)).to.throw(RangeError);
        }
    });

    it('is immutable: returned hashes are copies and later input changes do not leak in', () => {
        const input = Buffer.concat(digests.slice(0, 4));
        const tree = buildTree(input);
        const root = hex(tree.rootHash());
        tree.rootHash().fill(0);
        tree.inclusionProof(0)[0]!.fill(0);
        input.fill(0);
        expect(hex(tree.rootHash())).to.equal(root);
        expect(tree.inclusionProof(0).map(hex)).to.deep.equal(refPath(0, leafHashes.slice(0, 4)).map(hex));
        const hashes = leafHashes.slice(0, 4).map((x) => Buffer.from(x));
        const fromHashes = buildTreeFromLeafHashes(hashes);
        hashes[0]!.fill(0);
        expect(hex(fromHashes.rootHash())).to.equal(root);
    });

    it('leafHash and nodeHash are the RFC 6962 domain-separated hashes', () => {
        const a = randomBytes(32);
        const b = randomBytes(32);
        expect(hex(leafHash(a))).to.equal(
            hex(
                createHash('sha256')
                    .update(Buffer.concat([Buffer.of(0), a]))
                    .digest(),
            ),
        );
        expect(hex(nodeHash(a, b))).to.equal(
            hex(
                createHash('sha256')
                    .update(Buffer.concat([Buffer.of(1), a, b]))
                    .digest(),
            ),
        );
        expect(hex(leafHash(Buffer.alloc(0)))).to.equal(hex(createHash('sha256').update(Buffer.of(0)).digest()));
    });

    it('the crypto.hash and createHash primitives give the same bytes', () => {
        const fast = selectSha256(oneShotHash);
        const fallback = selectSha256(undefined);
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
                const expected = createHash('sha256').update(data).digest('hex');
                expect(Buffer.from(fast(data), 'latin1').toString('hex')).to.equal(expected);
                expect(Buffer.from(fallback(data), 'latin1').toString('hex')).to.equal(expected);
            }),
        );
    });
});
