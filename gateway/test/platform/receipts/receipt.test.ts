import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import {
    buildReceipt,
    receiptJsonSchema,
    verifyReceipt,
    type Receipt,
    type VerifyReceiptResult,
} from '../../../src/platform/receipts';
import { parseFingerprintPins } from '../../../src/platform/receipts/hex';
import { batch, copy, fakeAnchor, fakeEmbeddedVerifier, receiptFor, sha256Hex } from './fixtures';

const verifiers = { embedded: fakeEmbeddedVerifier };

function failed(result: VerifyReceiptResult): string[] {
    return result.checks.filter((check) => !check.ok).map((check) => check.name);
}

describe('receipts: schema file', () => {
    it('the committed receipt.schema.json is exactly the TypeBox schema (regenerate with write-schema.js)', () => {
        const file = join(__dirname, '..', '..', '..', '..', 'src', 'platform', 'receipts', 'receipt.schema.json');
        expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal(receiptJsonSchema());
    });

    it('is a draft 2020-12 schema with an $id, for format version 1', () => {
        const schema = receiptJsonSchema();
        expect(schema['$schema']).to.equal('https://json-schema.org/draft/2020-12/schema');
        expect(schema['$id'])
            .to.be.a('string')
            .and.match(/^urn:court-ledger:schema:receipt:1$/);
        expect((schema['properties'] as Record<string, unknown>)['version']).to.deep.include({ const: 1 });
    });
});

describe('receipts: building', () => {
    it('builds a receipt with the shape of architecture.md', () => {
        const { receipt, tree } = receiptFor(5, 3);
        expect(Object.keys(receipt)).to.have.members([
            'version',
            'digest',
            'leafIndex',
            'treeSize',
            'rootHash',
            'inclusionProof',
            'batchId',
            'anchor',
        ]);
        expect(receipt.version).to.equal(1);
        expect(receipt.treeSize).to.equal(5);
        expect(receipt.rootHash).to.equal(tree.rootHash().toString('hex'));
        expect(receipt.inclusionProof).to.deep.equal(tree.inclusionProof(3).map((hash) => hash.toString('hex')));
        expect(receipt.anchor).to.include({ mode: 'embedded', channel: 'court', blockNumber: 42 });
    });

    it('accepts the digest as bytes or as hex of any case', () => {
        const { digests, tree } = batch(3);
        const anchor = fakeAnchor('b1', tree.rootHash().toString('hex'), 3);
        const fromHex = buildReceipt({
            digest: digests[1]!.toString('hex').toUpperCase(),
            leafIndex: 1,
            tree,
            batchId: 'b1',
            anchor,
        });
        const fromBytes = buildReceipt({ digest: digests[1]!, leafIndex: 1, tree, batchId: 'b1', anchor });
        expect(fromHex).to.deep.equal(fromBytes);
        expect(fromHex.digest).to.equal(digests[1]!.toString('hex'));
    });

    it('refuses a digest that is not the leaf at that index, a bad digest, index or batch id', () => {
        const { digests, tree } = batch(4);
        const anchor = fakeAnchor('b1', tree.rootHash().toString('hex'), 4);
        expect(() => buildReceipt({ digest: digests[2]!, leafIndex: 1, tree, batchId: 'b1', anchor })).to.throw(
            /not leaf 1/,
        );
        expect(() => buildReceipt({ digest: 'abc', leafIndex: 1, tree, batchId: 'b1', anchor })).to.throw(TypeError);
        expect(() => buildReceipt({ digest: digests[1]!, leafIndex: 4, tree, batchId: 'b1', anchor })).to.throw(
            RangeError,
        );
        expect(() => buildReceipt({ digest: digests[1]!, leafIndex: 1, tree, batchId: 'no spaces', anchor })).to.throw(
            /batchId/,
        );
    });
});

describe('receipts: verification', () => {
    it('verifies a valid receipt, also after a JSON round trip, with the file or its digest', async () => {
        const { receipt, file } = receiptFor(7, 6);
        const result = await verifyReceipt(JSON.parse(JSON.stringify(receipt)), { anchorVerifiers: verifiers, file });
        expect(failed(result)).to.deep.equal([]);
        expect(result.ok).to.equal(true);
        expect(result.checks.map((check) => check.name)).to.deep.equal([
            'schema',
            'file-digest',
            'inclusion-proof',
            'root-hash',
            'anchor-signature',
            'anchor-batchId',
            'anchor-rootHash',
            'anchor-treeSize',
        ]);
        expect(
            (await verifyReceipt(receipt, { anchorVerifiers: verifiers, fileDigest: sha256Hex(file).toUpperCase() }))
                .ok,
        ).to.equal(true);
        expect((await verifyReceipt(receipt, { anchorVerifiers: verifiers })).ok).to.equal(true);
    });

    it('verifies the single-leaf tree (empty proof)', async () => {
        const { receipt } = receiptFor(1, 0);
        expect(receipt.inclusionProof).to.deep.equal([]);
        expect((await verifyReceipt(receipt, { anchorVerifiers: verifiers })).ok).to.equal(true);
    });

    it('fails on another file', async () => {
        const { receipt } = receiptFor(4, 1);
        const other = Buffer.from('forged exhibit');
        expect(failed(await verifyReceipt(receipt, { anchorVerifiers: verifiers, file: other }))).to.deep.equal([
            'file-digest',
        ]);
        expect(
            failed(await verifyReceipt(receipt, { anchorVerifiers: verifiers, fileDigest: sha256Hex(other) })),
        ).to.deep.equal(['file-digest']);
        expect(failed(await verifyReceipt(receipt, { anchorVerifiers: verifiers, fileDigest: 'xyz' }))).to.deep.equal([
            'file-digest',
        ]);
    });

    const tamperings: [string, (r: Receipt) => void, string[]][] = [
        ['digest', (r) => (r.digest = sha256Hex('other')), ['root-hash']],
        ['a proof hash', (r) => (r.inclusionProof[1] = sha256Hex('x')), ['root-hash']],
        ['the proof length', (r) => r.inclusionProof.pop(), ['inclusion-proof']],
        ['the leaf index', (r) => (r.leafIndex = 2), ['root-hash']],
        ['the root hash', (r) => (r.rootHash = sha256Hex('root')), ['root-hash', 'anchor-rootHash']],
        ['the tree size (other path length)', (r) => (r.treeSize = 16), ['inclusion-proof', 'anchor-treeSize']],
        ['the batch id', (r) => (r.batchId = 'another-batch'), ['anchor-batchId']],
        [
            'the anchored values',
            (r) => ((r.anchor['transaction'] as { args: { treeSize: number } }).args.treeSize = 9),
            ['anchor-signature', 'anchor-treeSize'],
        ],
    ];
    for (const [what, tamper, expected] of tamperings) {
        it(`fails when ${what} is changed`, async () => {
            const tampered = copy(receiptFor(5, 3).receipt);
            tamper(tampered);
            const result = await verifyReceipt(tampered, { anchorVerifiers: verifiers });
            expect(result.ok).to.equal(false);
            expect(failed(result)).to.deep.equal(expected);
        });
    }

    it('relies on the anchor to bind a tree size the proof cannot tell apart (leaf 0 of 5 vs 6)', async () => {
        const tampered = copy(receiptFor(5, 0).receipt);
        tampered.treeSize = 6;
        expect(failed(await verifyReceipt(tampered, { anchorVerifiers: verifiers }))).to.deep.equal([
            'anchor-treeSize',
        ]);
    });

    it('fails any single-field mutation (property)', async () => {
        const mutations: ((r: Receipt, n: number) => void)[] = [
            (r, n) => (r.digest = sha256Hex(`d${n}`)),
            (r, n) => (r.rootHash = sha256Hex(`r${n}`)),
            (r, n) => (r.leafIndex = (r.leafIndex + 1 + (n % (r.treeSize - 1))) % r.treeSize),
            (r, n) => (r.treeSize = r.treeSize + 1 + (n % 1000)),
            (r, n) => (r.batchId = `b${n}`),
            (r, n) => {
                const i = n % r.inclusionProof.length;
                const bytes = Buffer.from(r.inclusionProof[i]!, 'hex');
                bytes[n % 32]! ^= 1 << (n % 8);
                r.inclusionProof[i] = bytes.toString('hex');
            },
        ];
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 2, max: 64 }).chain((size) => fc.tuple(fc.constant(size), fc.nat({ max: size - 1 }))),
                fc.nat({ max: mutations.length - 1 }),
                fc.nat(),
                async ([size, leafIndex], which, n) => {
                    const { receipt } = receiptFor(size, leafIndex);
                    expect((await verifyReceipt(receipt, { anchorVerifiers: verifiers })).ok).to.equal(true);
                    const tampered = copy(receipt);
                    mutations[which]!(tampered, n);
                    expect((await verifyReceipt(tampered, { anchorVerifiers: verifiers })).ok).to.equal(false);
                },
            ),
            { numRuns: 200 },
        );
    });

    it('reports a malformed receipt as one failed schema check, without throwing', async () => {
        const { receipt } = receiptFor(3, 0);
        const bad: unknown[] = [
            null,
            'receipt',
            [],
            { ...receipt, version: 2 },
            { ...receipt, extra: true },
            { ...receipt, digest: receipt.digest.toUpperCase() },
            { ...receipt, leafIndex: -1 },
            { ...receipt, treeSize: 0 },
            { ...receipt, inclusionProof: ['00'] },
            { ...receipt, anchor: { ...receipt.anchor, mode: 'paper' } },
            { ...receipt, anchor: { ...receipt.anchor, timestamp: 'yesterday' } },
            Object.fromEntries(Object.entries(receipt).filter(([key]) => key !== 'anchor')),
        ];
        for (const value of bad) {
            const result = await verifyReceipt(value, { anchorVerifiers: verifiers });
            expect(result.ok, JSON.stringify(value)).to.equal(false);
            expect(result.checks.map((check) => check.name)).to.deep.equal(['schema']);
            expect(result.checks[0]!.detail).to.be.a('string').and.not.equal('');
        }
    });

    it('fails the anchor when no verifier is given for its mode, the verifier throws or checks nothing', async () => {
        const { receipt } = receiptFor(3, 2);
        const cases = [
            {},
            { embedded: () => Promise.resolve([]) },
            {
                embedded: () => Promise.reject(new Error('bad signature encoding')),
            },
            { fabric: fakeEmbeddedVerifier },
        ];
        for (const anchorVerifiers of cases) {
            const result = await verifyReceipt(receipt, { anchorVerifiers });
            expect(result.ok).to.equal(false);
            expect(failed(result)).to.deep.equal(['anchor']);
        }
    });

    it('passes the verifier the receipt anchor and what it must have recorded', async () => {
        const { receipt } = receiptFor(6, 4);
        let seen: unknown;
        await verifyReceipt(receipt, {
            anchorVerifiers: {
                embedded: (anchor, expected) => {
                    seen = { txId: anchor.txId, expected };
                    return Promise.resolve([{ name: 'anchor', ok: true }]);
                },
            },
        });
        expect(seen).to.deep.equal({
            txId: receipt.anchor.txId,
            expected: { batchId: receipt.batchId, rootHash: receipt.rootHash, treeSize: 6 },
        });
    });
});

describe('receipts: pasted fingerprints', () => {
    const a = 'ab'.repeat(32);
    const b = 'cd'.repeat(32);
    const colons = a.toUpperCase().match(/../g)!.join(':');
    const cases: [string, string, ReturnType<typeof parseFingerprintPins>][] = [
        ['nothing', '  ', {}],
        ['a bare fingerprint (the node key), any case, with colons', colons, { nodeKey: a }],
        ['a bare fingerprint with spaces', a.match(/../g)!.join(' '), { nodeKey: a }],
        [
            'MSP=fingerprint entries, commas and new lines',
            `CourtMSP=${a},\nOrdererMSP = ${b}; CourtMSP ${b}`,
            { caFingerprints: { CourtMSP: [a, b], OrdererMSP: [b] } },
        ],
        ['an entry that is neither', `CourtMSP=${a}, not-a-fingerprint`, 'not-a-fingerprint'],
        ['a short fingerprint', `CourtMSP=${a.slice(2)}`, `CourtMSP=${a.slice(2)}`],
    ];
    for (const [what, text, expected] of cases) {
        it(`parses ${what}`, () => {
            expect(parseFingerprintPins(text)).to.deep.equal(expected);
        });
    }
});
