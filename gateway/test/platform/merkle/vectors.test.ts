import { expect } from 'chai';
import {
    buildTreeFromLeafHashes,
    emptyRoot,
    leafHash,
    rootFromInclusionProof,
    verifyInclusion,
} from '../../../src/platform/merkle';
import { hex } from './oracles';

/*
 * Published RFC 6962 test vectors: transparency-dev/merkle testonly/constants.go (LeafInputs, NodeHashes,
 * RootHashes) and proof/verify_test.go (inclusionProofs, corruptInclusionProof), the same data as
 * google/certificate-transparency-go's merkle tests. Leaf inputs have arbitrary lengths, so the tree is
 * built from leafHash(input) through the leaf-hash entry point.
 */
const h = (s: string): Buffer => Buffer.from(s, 'hex');

const LEAF_INPUTS = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
].map(h);

const LEAF_HASHES = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
];

/** Root hash by tree size 0..8. */
const ROOTS = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** Inclusion proofs (0-based leaf index; the Go file numbers leaves from 1). */
const PROOFS: { leafIndex: number; treeSize: number; proof: string[] }[] = [
    {
        leafIndex: 0,
        treeSize: 8,
        proof: [
            '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
            '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
            '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
        ],
    },
    {
        leafIndex: 5,
        treeSize: 8,
        proof: [
            'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
            'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
            'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
        ],
    },
    { leafIndex: 2, treeSize: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
    {
        leafIndex: 1,
        treeSize: 5,
        proof: [
            '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
            '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
            'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        ],
    },
];

const SOME_HASH = h('abacaba000000000000000000000000000000000000000000060061e00123456');
const EMPTY_TREE_HASH = h(ROOTS[0]!);

function treeOfSize(size: number) {
    return buildTreeFromLeafHashes(LEAF_INPUTS.slice(0, size).map((input) => leafHash(input)));
}

interface Probe {
    readonly desc: string;
    readonly leafIndex: number;
    readonly treeSize: number;
    readonly leaf: Buffer;
    readonly root: Buffer;
    readonly proof: Buffer[];
}

/** transparency-dev's corruptInclusionProof probes: every one must fail verification. */
function corruptions(leafIndex: number, treeSize: number, proof: Buffer[], root: Buffer, leaf: Buffer): Probe[] {
    const base = { leafIndex, treeSize, leaf, root, proof };
    const probes: Probe[] = [
        { ...base, desc: 'leafIndex - 1', leafIndex: leafIndex - 1 },
        { ...base, desc: 'leafIndex + 1', leafIndex: leafIndex + 1 },
        { ...base, desc: 'leafIndex ^ 2', leafIndex: leafIndex ^ 2 },
        { ...base, desc: 'treeSize * 2', treeSize: treeSize * 2 },
        { ...base, desc: 'treeSize / 2', treeSize: Math.floor(treeSize / 2) },
        { ...base, desc: 'wrong leaf', leaf: Buffer.from('WrongLeaf') },
        { ...base, desc: 'empty root', root: EMPTY_TREE_HASH },
        { ...base, desc: 'random root', root: SOME_HASH },
        { ...base, desc: 'trailing garbage', proof: [...proof, Buffer.alloc(0)] },
        { ...base, desc: 'trailing root', proof: [...proof, root] },
        { ...base, desc: 'preceding garbage', proof: [Buffer.alloc(0), ...proof] },
        { ...base, desc: 'preceding root', proof: [root, ...proof] },
    ];
    proof.forEach((_, i) => {
        const wrong = proof.map((p) => Buffer.from(p));
        wrong[i]![0]! ^= 8;
        probes.push({ ...base, desc: `modified proof[${i}] bit 3`, proof: wrong });
    });
    if (proof.length > 0) {
        probes.push({ ...base, desc: 'removed component', proof: proof.slice(0, -1) });
    }
    if (proof.length > 1) {
        probes.push({ ...base, desc: 'inserted component', proof: [proof[0]!, SOME_HASH, ...proof.slice(1)] });
    }
    return probes;
}

describe('merkle: RFC 6962 published test vectors', () => {
    it('hashes the leaf inputs to the published leaf hashes', () => {
        expect(LEAF_INPUTS.map((input) => hex(leafHash(input)))).to.deep.equal(LEAF_HASHES);
    });

    it('has the published root for every tree size 0..8', () => {
        ROOTS.forEach((root, size) => {
            const tree = treeOfSize(size);
            expect(tree.treeSize).to.equal(size);
            expect(hex(tree.rootHash()), `size ${size}`).to.equal(root);
        });
        expect(hex(emptyRoot())).to.equal(ROOTS[0]);
    });

    for (const { leafIndex, treeSize, proof } of PROOFS) {
        describe(`inclusion proof for leaf ${leafIndex} of ${treeSize}`, () => {
            const tree = treeOfSize(treeSize);
            const leaf = leafHash(LEAF_INPUTS[leafIndex]!);
            const root = h(ROOTS[treeSize]!);
            const expected = proof.map(h);

            it('is generated exactly', () => {
                expect(tree.inclusionProof(leafIndex).map(hex)).to.deep.equal(proof);
            });

            it('recomputes and verifies the root', () => {
                expect(hex(rootFromInclusionProof(leaf, leafIndex, treeSize, expected))).to.equal(ROOTS[treeSize]);
                expect(verifyInclusion(leaf, leafIndex, treeSize, expected, root)).to.equal(true);
            });

            it('rejects every transparency-dev corruption probe', () => {
                const accepted = corruptions(leafIndex, treeSize, expected, root, Buffer.from(leaf))
                    .filter((p) => verifyInclusion(p.leaf, p.leafIndex, p.treeSize, p.proof, p.root))
                    .map((p) => p.desc);
                expect(accepted).to.deep.equal([]);
            });
        });
    }

    it('verifies the single-entry tree with an empty proof and rejects empty hashes', () => {
        const leaf = leafHash(Buffer.from('data'));
        expect(buildTreeFromLeafHashes([leaf]).inclusionProof(0)).to.deep.equal([]);
        expect(verifyInclusion(leaf, 0, 1, [], leaf)).to.equal(true);
        expect(verifyInclusion(leaf, 0, 1, [], Buffer.alloc(0))).to.equal(false);
        expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], leaf)).to.equal(false);
        expect(verifyInclusion(Buffer.alloc(0), 0, 1, [], Buffer.alloc(0))).to.equal(false);
    });

    it('rejects impossible (index, size) pairs', () => {
        for (const [index, size] of [
            [0, 0],
            [1, 0],
            [2, 1],
            [1, 1],
        ] as const) {
            expect(verifyInclusion(SOME_HASH, index, size, [], EMPTY_TREE_HASH), `${index}/${size}`).to.equal(false);
            expect(verifyInclusion(SOME_HASH, index, size, [], SOME_HASH), `${index}/${size}`).to.equal(false);
        }
    });
});
