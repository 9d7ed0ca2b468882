import { verifyEmbeddedTransactionProof } from '../ledger/embedded/proof';
import type { AnchorExpectation, AnchorVerifier, AnchorVerifiers, Check } from './verify';

/** Options of {@link anchorVerifiers}. */
export interface AnchorVerifierOptions {
    /** The court's embedded-ledger node key (SPKI PEM). Without it the block signature is only checked
     * against the key the receipt itself carries. */
    readonly trustedNodeKey?: string;
}

/**
 * Checks that a transaction is the anchor contract's `record(batchId, rootHash, treeSize, kinds, sources)`
 * with exactly the expected batch id, root hash and tree size (its arguments, as endorsed and committed).
 */
function recordedValues(transaction: unknown, expected: AnchorExpectation): Check[] {
    const tx = (typeof transaction === 'object' && transaction !== null ? transaction : {}) as {
        contract?: unknown;
        fn?: unknown;
        args?: unknown;
    };
    const args = Array.isArray(tx.args) ? (tx.args as unknown[]) : [];
    const [batchId, rootHash, treeSize] = args;
    const isRecord = tx.contract === 'anchor' && tx.fn === 'record';
    const sizeOk = typeof treeSize === 'string' && /^[0-9]+$/.test(treeSize) && Number(treeSize) === expected.treeSize;
    return [
        {
            name: 'anchor-transaction',
            ok: isRecord,
            detail: isRecord
                ? 'anchor:record'
                : `transaction is ${String(tx.contract)}:${String(tx.fn)}, not anchor:record`,
        },
        { name: 'anchor-batch-id', ok: batchId === expected.batchId, detail: `recorded ${String(batchId)}` },
        { name: 'anchor-root-hash', ok: rootHash === expected.rootHash, detail: `recorded ${String(rootHash)}` },
        { name: 'anchor-tree-size', ok: sizeOk, detail: `recorded ${String(treeSize)}` },
    ];
}

function embeddedVerifier(options: AnchorVerifierOptions): AnchorVerifier {
    const trusted = options.trustedNodeKey;
    return (anchor, expected) => {
        const outcome = verifyEmbeddedTransactionProof(
            anchor,
            trusted === undefined ? {} : { trustedNodePublicKeys: [trusted] },
        );
        const keyNote = trusted === undefined ? 'node key taken from the receipt (not pinned)' : 'trusted node key';
        return [
            {
                name: 'anchor-ledger-proof',
                ok: outcome.valid,
                detail: outcome.valid
                    ? `transaction in block ${anchor.blockNumber}, header signed; ${keyNote}`
                    : outcome.problems.join('; '),
            },
            ...recordedValues(anchor['transaction'], expected),
        ];
    };
}

/**
 * The anchor verifiers the CLI and the tests use: `embedded` (block header signature, data hash, transaction
 * hash — ledger/embedded/proof.ts — and the recorded anchor values). Fabric receipts have no verifier yet
 * (issue 3), so they fail the `anchor` check rather than pass unchecked.
 */
export function anchorVerifiers(options: AnchorVerifierOptions = {}): AnchorVerifiers {
    return { embedded: embeddedVerifier(options) };
}
