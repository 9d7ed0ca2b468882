import { createHash } from 'node:crypto';
import type { TransactionProof } from '@court-ledger/ledger-api';
import { buildTree } from '../../../src/platform/merkle';
import {
    buildReceipt,
    type AnchorExpectation,
    type AnchorVerifier,
    type Check,
    type Receipt,
    type ReceiptAnchor,
} from '../../../src/platform/receipts';

export function sha256Hex(data: string | Uint8Array): string {
    return createHash('sha256').update(data).digest('hex');
}

/** The contents and digests of a batch of `size` items. */
export function batch(size: number, seed = 'item') {
    const files = Array.from({ length: size }, (_, i) => Buffer.from(`${seed} ${i}`));
    const digests = files.map((file) => createHash('sha256').update(file).digest());
    return { files, digests, tree: buildTree(digests) };
}

/**
 * A stand-in for the embedded ledger's transaction proof: the anchoring transaction's arguments plus a
 * checksum playing the node's signature, so editing the arguments is detected. The real verifier
 * (@court-ledger/ledger-embedded/verify) checks the node's signature over the block instead.
 */
function checksum(args: unknown): string {
    return sha256Hex(`fake-node-key|${JSON.stringify(args)}`);
}

export function fakeAnchor(batchId: string, rootHash: string, treeSize: number): TransactionProof {
    const args = { batchId, rootHash, treeSize };
    return {
        mode: 'embedded',
        channel: 'court',
        txId: sha256Hex(`tx ${batchId}`),
        blockNumber: 42,
        timestamp: '2025-03-01T08:30:00.123Z',
        transaction: { contract: 'anchor', fn: 'record', args },
        checksum: checksum(args),
    };
}

/** Verifies a {@link fakeAnchor}: the checksum, then each recorded value against the expectation. */
export const fakeEmbeddedVerifier: AnchorVerifier = (anchor, expected) => Promise.resolve(fakeChecks(anchor, expected));

function fakeChecks(anchor: ReceiptAnchor, expected: AnchorExpectation): Check[] {
    const transaction = anchor['transaction'] as { args?: Record<string, unknown> } | undefined;
    const args = transaction?.args ?? {};
    const checks: Check[] = [
        {
            name: 'anchor-signature',
            ok: anchor['checksum'] === checksum(args),
            detail: 'fake node signature',
            pinned: true,
        },
    ];
    for (const field of ['batchId', 'rootHash', 'treeSize'] as const) {
        checks.push({
            name: `anchor-${field}`,
            ok: args[field] === expected[field],
            detail: `transaction recorded ${String(args[field])}`,
        });
    }
    return checks;
}

/** A valid receipt for leaf `leafIndex` of a batch of `size`, with its file. */
export function receiptFor(size: number, leafIndex: number, batchId = 'trial-2025-03-01.0001') {
    const { files, digests, tree } = batch(size);
    const anchor = fakeAnchor(batchId, tree.rootHash().toString('hex'), tree.treeSize);
    const receipt: Receipt = buildReceipt({
        digest: digests[leafIndex]!.toString('hex'),
        leafIndex,
        tree,
        batchId,
        anchor,
    });
    return { receipt, file: files[leafIndex]!, tree };
}

/** A deep copy a test may tamper with. */
export function copy(receipt: Receipt): Receipt {
    return JSON.parse(JSON.stringify(receipt)) as Receipt;
}
