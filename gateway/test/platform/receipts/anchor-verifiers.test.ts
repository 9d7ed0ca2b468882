import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { expect } from 'chai';
import { canonicalJson } from '@court-ledger/ledger-api';
import {
    dataHash,
    signHeader,
    transactionHash,
    type EmbeddedTransactionProof,
    type EndorserTransaction,
} from '@court-ledger/ledger-embedded';
import { buildReceipt, verifyReceipt, type Receipt } from '../../../src/platform/receipts';
import { anchorVerifiers, type AnchorVerifierOptions } from '../../../src/platform/receipts/anchor-verifiers';
import { batch, copy, sha256Hex } from './fixtures';

function nodeKeys(): { privateKey: KeyObject; publicKeyPem: string } {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** An embedded-ledger proof of `anchor:record(args…)`, built the way the embedded ledger builds one. */
function embeddedProof(args: readonly string[], key: { privateKey: KeyObject; publicKeyPem: string }, fn = 'record') {
    const timestamp = '2025-03-01T08:30:00.123Z';
    const transaction: EndorserTransaction = {
        type: 'endorser',
        channel: 'court',
        txId: sha256Hex(`tx|${args.join('|')}`),
        timestamp,
        creator: { mspId: 'CourtMSP', certificateSha256: sha256Hex('cert') },
        chaincode: '@court-ledger/chaincode',
        contract: 'anchor',
        fn,
        args,
        transientHash: sha256Hex('{}'),
        rwset: { reads: [], rangeReads: [], writes: [], metadataWrites: [], collections: [] },
        event: null,
        validationCode: 'VALID',
    };
    const txHashes = [sha256Hex('another transaction'), transactionHash(canonicalJson(transaction))];
    const header = { number: 12, previousHash: sha256Hex('block 11'), dataHash: dataHash(txHashes), timestamp };
    const proof: EmbeddedTransactionProof = {
        mode: 'embedded',
        channel: 'court',
        txId: transaction.txId,
        blockNumber: 12,
        timestamp,
        txIndex: 1,
        block: { header, signature: signHeader(header, key.privateKey), nodePublicKey: key.publicKeyPem },
        txHashes,
        transaction,
    };
    return proof;
}

async function failed(receipt: unknown, trustedNodeKey?: string): Promise<string[]> {
    const verifiers = anchorVerifiers(trustedNodeKey === undefined ? {} : { trustedNodeKey });
    return (await verifyReceipt(receipt, { anchorVerifiers: verifiers })).checks
        .filter((check) => !check.ok)
        .map((check) => check.name);
}

describe('receipts: embedded anchor verifier', () => {
    const key = nodeKeys();
    const { digests, tree } = batch(9);
    const rootHash = tree.rootHash().toString('hex');
    const batchId = 'hearing-recorder.2025-03-01.7';
    const anchor = embeddedProof([batchId, rootHash, '9', '["audio"]', '["hearing-recorder"]'], key);
    // JSON round trip: a receipt as a third party receives it.
    const receipt = JSON.parse(
        JSON.stringify(buildReceipt({ digest: digests[4]!, leafIndex: 4, tree, batchId, anchor })),
    ) as Receipt;

    it('verifies a receipt anchored on the embedded ledger, with or without a pinned node key', async () => {
        expect(await failed(receipt)).to.deep.equal([]);
        expect(await failed(receipt, key.publicKeyPem)).to.deep.equal([]);
        const names = (await verifyReceipt(receipt, { anchorVerifiers: anchorVerifiers() })).checks.map((c) => c.name);
        expect(names).to.include.members([
            'anchor-ledger-proof',
            'anchor-transaction',
            'anchor-batch-id',
            'anchor-root-hash',
            'anchor-tree-size',
        ]);
    });

    it('fails when the block was signed by another key than the pinned one', async () => {
        expect(await failed(receipt, nodeKeys().publicKeyPem)).to.deep.equal(['anchor-signer']);
    });

    it('says "signature valid, signer not pinned" without a pin, and "valid" only with the key or its fingerprint', async () => {
        const verdict = async (options: AnchorVerifierOptions) =>
            (await verifyReceipt(receipt, { anchorVerifiers: anchorVerifiers(options) })).verdict;
        const spki = createPublicKey(key.publicKeyPem).export({ type: 'spki', format: 'der' });
        const fingerprint = createHash('sha256').update(spki).digest('hex');
        const pasted = (fingerprint.toUpperCase().match(/../g) ?? []).join(':');
        expect(await verdict({})).to.equal('unpinned');
        expect(await verdict({ trustedNodeKey: key.publicKeyPem })).to.equal('valid');
        expect(await verdict({ trustedNodeKeyFingerprint: pasted })).to.equal('valid');
        expect(await verdict({ trustedNodeKeyFingerprint: 'ab'.repeat(32) })).to.equal('invalid');
        expect(await verdict({ trustedNodeKeyFingerprint: 'not a fingerprint' })).to.equal('invalid');
        const unpinned = await verifyReceipt(receipt, { anchorVerifiers: anchorVerifiers() });
        expect(unpinned.checks.find((c) => c.name === 'anchor-signer')).to.deep.include({ ok: true, pinned: false });
    });

    it('fails when the receipt names another batch, root or size than the transaction recorded', async () => {
        const otherBatch = copy(receipt);
        otherBatch.batchId = 'another';
        expect(await failed(otherBatch)).to.deep.equal(['anchor-batch-id']);
        const otherSize = copy(receipt);
        otherSize.treeSize = 10;
        expect(await failed(otherSize)).to.include('anchor-tree-size');
    });

    it('fails when the recorded arguments are edited (the transaction no longer hashes into the block)', async () => {
        const edited = copy(receipt);
        (edited.anchor['transaction'] as { args: string[] }).args[2] = '10';
        edited.treeSize = 10;
        expect(await failed(edited)).to.include('anchor-ledger-proof');
    });

    it('fails when the anchored transaction is not anchor:record', async () => {
        const anchorOfGet = embeddedProof([batchId, rootHash, '9'], key, 'get');
        const r = buildReceipt({ digest: digests[0]!, leafIndex: 0, tree, batchId, anchor: anchorOfGet });
        expect(await failed(r)).to.deep.equal(['anchor-transaction']);
    });

    it('does not pass an embedded proof off as a fabric one', async () => {
        const fabric = copy(receipt);
        fabric.anchor = { ...fabric.anchor, mode: 'fabric' };
        expect(await failed(fabric)).to.deep.equal(['schema']);
    });
});
