import { verifyEmbeddedTransactionProof } from '../ledger/embedded/proof';
import { verifyFabricTransactionProof } from '../ledger/fabric/proof';
import type { AnchorExpectation, AnchorVerifier, AnchorVerifiers, Check } from './verify';

/** Options of {@link anchorVerifiers}. */
export interface AnchorVerifierOptions {
    /** The court's embedded-ledger node key (SPKI PEM). Without it the block signature is only checked
     * against the key the receipt itself carries. */
    readonly trustedNodeKey?: string;
    /**
     * Fabric: MSP id → PEM CA certificates to pin (the court's and agencies' published CAs). Without them the
     * signers are only checked against the CA certificates the receipt itself carries.
     */
    readonly trustedCaCertificates?: Readonly<Record<string, readonly string[]>>;
    /** Fabric: MSP ids of the ordering organisations to trust; default the receipt's `ordererMspIds`. */
    readonly trustedOrdererMspIds?: readonly string[];
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

/** The chaincode's composite key of an anchor record (`anchor` object type, batch id). */
function anchorKey(batchId: string): string {
    return `\u0000anchor\u0000${batchId}\u0000`;
}

/** The anchor record the transaction writes must hold the same batch, root, size and transaction id. */
function anchorWrite(
    writes: ReadonlyMap<string, string | undefined> | undefined,
    txId: string,
    expected: AnchorExpectation,
): Check {
    const name = 'anchor-write';
    const value = writes?.get(anchorKey(expected.batchId));
    if (value === undefined) {
        return { name, ok: false, detail: `the transaction does not write the anchor record of ${expected.batchId}` };
    }
    let record: Record<string, unknown>;
    try {
        record = JSON.parse(value) as Record<string, unknown>;
    } catch {
        return { name, ok: false, detail: 'the written anchor record is not JSON' };
    }
    const same =
        record['batchId'] === expected.batchId &&
        record['rootHash'] === expected.rootHash &&
        record['treeSize'] === expected.treeSize &&
        record['txId'] === txId;
    return {
        name,
        ok: same,
        detail: same
            ? `writes the anchor record of ${expected.batchId}`
            : `the written record holds ${String(record['batchId'])}, ${String(record['rootHash'])}, ${String(record['treeSize'])}, ${String(record['txId'])}`,
    };
}

function fabricVerifier(options: AnchorVerifierOptions): AnchorVerifier {
    return (anchor, expected) => {
        const outcome = verifyFabricTransactionProof(anchor, {
            ...(options.trustedCaCertificates === undefined
                ? {}
                : { trustedCaCertificates: options.trustedCaCertificates }),
            ...(options.trustedOrdererMspIds === undefined
                ? {}
                : { trustedOrdererMspIds: options.trustedOrdererMspIds }),
        });
        const checks: Check[] = outcome.checks.map(({ name, ok, detail }) => ({ name, ok, detail }));
        if (outcome.invocation === undefined) {
            return checks;
        }
        const { contract, fn, args } = outcome.invocation;
        return [
            ...checks,
            ...recordedValues({ contract, fn, args }, expected),
            anchorWrite(outcome.writes, anchor.txId, expected),
        ];
    };
}

/**
 * The anchor verifiers the CLI and the tests use: `embedded` (block header signature, data hash, transaction
 * hash — ledger/embedded/proof.ts — and the recorded anchor values) and `fabric` (the block's data hash and
 * orderer signature, the validation flag, the creator's and endorsers' signatures and CA chains —
 * ledger/fabric/proof.ts — the recorded anchor values and the anchor record the transaction writes).
 */
export function anchorVerifiers(options: AnchorVerifierOptions = {}): AnchorVerifiers {
    return { embedded: embeddedVerifier(options), fabric: fabricVerifier(options) };
}
