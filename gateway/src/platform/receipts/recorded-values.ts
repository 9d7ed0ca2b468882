import type { AnchorExpectation, Check } from './verify';

/**
 * Checks that a transaction is the anchor contract's `record(batchId, rootHash, treeSize, kinds, sources)`
 * with exactly the expected batch id, root hash and tree size (its arguments, as endorsed and committed).
 * Shared by every ledger mode's anchor verifier.
 */
export function recordedValues(transaction: unknown, expected: AnchorExpectation): Check[] {
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
