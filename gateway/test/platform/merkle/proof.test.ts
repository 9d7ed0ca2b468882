import { expect } from 'chai';
import fc from 'fast-check';
import { buildTree, InclusionProofError, rootFromInclusionProof, verifyInclusion } from '../../../src/platform/merkle';
import { digestsFor, refLeafHash } from './oracles';

/** A random tree size, a leaf in it, and the tree's digests. */
const treeAndLeaf = fc
    .integer({ min: 1, max: 300 })
    .chain((size) => fc.record({ size: fc.constant(size), m: fc.nat({ max: size - 1 }), seed: fc.string() }));

function setup({ size, m, seed }: { size: number; m: number; seed: string }) {
    const digests = digestsFor(size, seed);
    const tree = buildTree(digests);
    return { tree, root: tree.rootHash(), leaf: refLeafHash(digests[m]!), proof: tree.inclusionProof(m) };
}

describe('merkle: inclusion proof verification (RFC 9162 §2.1.3.2)', () => {
    it('accepts every proof the tree produces', () => {
        fc.assert(
            fc.property(treeAndLeaf, (input) => {
                const { root, leaf, proof } = setup(input);
                expect(Buffer.from(rootFromInclusionProof(leaf, input.m, input.size, proof)).equals(root)).to.equal(
                    true,
                );
                expect(verifyInclusion(leaf, input.m, input.size, proof, root)).to.equal(true);
            }),
            { numRuns: 300 },
        );
    });

    it('rejects a proof with any single bit flipped', () => {
        fc.assert(
            fc.property(
                treeAndLeaf.filter(({ size }) => size > 1),
                fc.nat(),
                fc.nat({ max: 255 }),
                (input, i, bit) => {
                    const { root, leaf, proof } = setup(input);
                    const tampered = proof.map((p) => Buffer.from(p));
                    tampered[i % tampered.length]![bit % 32]! ^= 1 << (bit % 8);
                    expect(verifyInclusion(leaf, input.m, input.size, tampered, root)).to.equal(false);
                },
            ),
            { numRuns: 300 },
        );
    });

    it('rejects a wrong leaf, root, leaf index, or a proof with an element added or removed', () => {
        fc.assert(
            fc.property(treeAndLeaf, fc.nat(), (input, other) => {
                const { root, leaf, proof } = setup(input);
                const { m, size } = input;
                const otherLeaf = Buffer.from(leaf);
                otherLeaf[other % 32]! ^= 0x80;
                expect(verifyInclusion(otherLeaf, m, size, proof, root), 'leaf').to.equal(false);
                expect(verifyInclusion(leaf, m, size, proof, otherLeaf), 'root').to.equal(false);
                expect(verifyInclusion(leaf, m, size, [...proof, root], root), 'added').to.equal(false);
                if (proof.length > 0) {
                    expect(verifyInclusion(leaf, m, size, proof.slice(1), root), 'removed').to.equal(false);
                }
                if (size > 1) {
                    const otherIndex = (m + 1 + (other % (size - 1))) % size;
                    expect(verifyInclusion(leaf, otherIndex, size, proof, root), 'index').to.equal(false);
                }
            }),
            { numRuns: 300 },
        );
    });

    it('rejects a tree size that changes the path length (×2, ÷2, +1 at a power of two)', () => {
        fc.assert(
            fc.property(treeAndLeaf, (input) => {
                const { root, leaf, proof } = setup(input);
                const { m, size } = input;
                expect(verifyInclusion(leaf, m, size * 2, proof, root), '×2').to.equal(false);
                expect(verifyInclusion(leaf, m, Math.floor(size / 2), proof, root), '÷2').to.equal(false);
            }),
            { numRuns: 300 },
        );
        const { root, leaf, proof } = setup({ size: 8, m: 7, seed: 'x' });
        expect(verifyInclusion(leaf, 7, 9, proof, root)).to.equal(false);
    });

    it('does not bind the tree size by itself: receipts must compare treeSize with the anchored one', () => {
        // Leaf 0 of 5 and of 6 have audit paths of the same length and directions (left, left, left), so the
        // size-5 proof "verifies" against size 6 with the size-5 root. RFC 9162 relies on the signed tree head
        // for the size; here the anchor transaction carries it.
        const { root, leaf, proof } = setup({ size: 5, m: 0, seed: 's' });
        expect(verifyInclusion(leaf, 0, 6, proof, root)).to.equal(true);
    });

    it('reports why a proof cannot be evaluated', () => {
        const { leaf, proof } = setup({ size: 5, m: 1, seed: 'e' });
        expect(() => rootFromInclusionProof(leaf, 5, 5, proof)).to.throw(InclusionProofError, /leaf index/);
        expect(() => rootFromInclusionProof(leaf, 0, 0, [])).to.throw(InclusionProofError, /tree size/);
        expect(() => rootFromInclusionProof(leaf, -1, 5, proof)).to.throw(InclusionProofError, /leaf index/);
        expect(() => rootFromInclusionProof(leaf, 1, 5, [...proof, leaf])).to.throw(InclusionProofError, /more than/);
        expect(() => rootFromInclusionProof(leaf, 1, 5, proof.slice(1))).to.throw(InclusionProofError, /fewer than/);
        expect(() => rootFromInclusionProof(leaf.subarray(1), 1, 5, proof)).to.throw(InclusionProofError, /leaf hash/);
        expect(() => rootFromInclusionProof(leaf, 1, 5, [Buffer.alloc(31), ...proof.slice(1)])).to.throw(
            InclusionProofError,
            /proof\[0\]/,
        );
    });

    it('handles indexes and sizes beyond 2^32 (no 32-bit bit operations)', () => {
        // Leaf 2^32 of a tree of 2^32 + 1 leaves is the promoted last leaf: its path is the single root of
        // the left complete subtree of 2^32 leaves.
        const leaf = refLeafHash(Buffer.alloc(32, 1));
        const left = refLeafHash(Buffer.alloc(32, 2));
        const root = rootFromInclusionProof(leaf, 2 ** 32, 2 ** 32 + 1, [left]);
        expect(verifyInclusion(leaf, 2 ** 32, 2 ** 32 + 1, [left], root)).to.equal(true);
        expect(verifyInclusion(leaf, 2 ** 32 - 1, 2 ** 32 + 1, [left], root)).to.equal(false);
    });
});
