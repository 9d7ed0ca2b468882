import { createHash } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { InclusionProofError, leafHash, rootFromInclusionProof } from '../merkle';
import { hex32 } from './hex';
import { ReceiptSchema, type Receipt, type ReceiptAnchor } from './schema';

/** One step of receipt verification. */
export interface Check {
    /** Stable identifier, e.g. `schema`, `inclusion-proof`, `root-hash`, or an anchor verifier's own. */
    readonly name: string;
    readonly ok: boolean;
    /** What was compared or why it failed. */
    readonly detail?: string;
}

/** What the anchoring transaction must have recorded for the receipt to hold. */
export interface AnchorExpectation {
    readonly batchId: string;
    /** Lowercase hex. */
    readonly rootHash: string;
    readonly treeSize: number;
}

/**
 * Verifies the `anchor` of a receipt for one ledger mode: that the transaction is on the ledger (signature,
 * block, endorsements… as the mode provides) and that it recorded exactly `expected`. It must check all
 * three fields: the inclusion proof alone does not bind the tree size.
 */
export type AnchorVerifier = (anchor: ReceiptAnchor, expected: AnchorExpectation) => Check[];

/** Anchor verifiers by ledger mode; injected by the caller (CLI, web page, tests). */
export type AnchorVerifiers = Readonly<Partial<Record<ReceiptAnchor['mode'], AnchorVerifier>>>;

export interface VerifyReceiptOptions {
    /** The verifier for each ledger mode; a receipt whose mode has none fails the `anchor` check. */
    readonly anchorVerifiers: AnchorVerifiers;
    /** The item itself: its SHA-256 must be the receipt's digest. */
    readonly file?: Uint8Array;
    /** Or its SHA-256 (hex or 32 bytes), when the caller hashed it (e.g. streamed a large file). */
    readonly fileDigest?: string | Uint8Array;
}

export interface VerifyReceiptResult {
    /** True iff there is at least one check and every check passed. */
    readonly ok: boolean;
    readonly checks: readonly Check[];
}

function schemaCheck(receipt: unknown): Check {
    const errors = [...Value.Errors(ReceiptSchema, receipt)].slice(0, 3);
    if (errors.length === 0) {
        return { name: 'schema', ok: true, detail: 'receipt format v1' };
    }
    return {
        name: 'schema',
        ok: false,
        detail: errors.map((error) => `${error.path || '/'}: ${error.message}`).join('; '),
    };
}

function fileChecks(receipt: Receipt, options: VerifyReceiptOptions): Check[] {
    const checks: Check[] = [];
    if (options.file !== undefined) {
        const actual = createHash('sha256').update(options.file).digest('hex');
        checks.push({ name: 'file-digest', ok: actual === receipt.digest, detail: `file SHA-256 ${actual}` });
    }
    if (options.fileDigest !== undefined) {
        const actual = hex32(options.fileDigest);
        checks.push(
            actual === undefined
                ? { name: 'file-digest', ok: false, detail: 'the given file digest is not a 32-byte SHA-256' }
                : { name: 'file-digest', ok: actual === receipt.digest, detail: `file SHA-256 ${actual}` },
        );
    }
    return checks;
}

function inclusionChecks(receipt: Receipt): Check[] {
    const leaf = leafHash(Buffer.from(receipt.digest, 'hex'));
    const proof = receipt.inclusionProof.map((hash) => Buffer.from(hash, 'hex'));
    let root: Buffer;
    try {
        root = rootFromInclusionProof(leaf, receipt.leafIndex, receipt.treeSize, proof);
    } catch (error) {
        if (error instanceof InclusionProofError) {
            return [{ name: 'inclusion-proof', ok: false, detail: error.message }];
        }
        throw error;
    }
    const computed = root.toString('hex');
    return [
        {
            name: 'inclusion-proof',
            ok: true,
            detail: `leaf ${receipt.leafIndex} of ${receipt.treeSize}, ${proof.length} hashes`,
        },
        {
            name: 'root-hash',
            ok: computed === receipt.rootHash,
            detail:
                computed === receipt.rootHash
                    ? computed
                    : `proof leads to ${computed}, receipt says ${receipt.rootHash}`,
        },
    ];
}

function anchorChecks(receipt: Receipt, verifiers: AnchorVerifiers): Check[] {
    const { anchor } = receipt;
    const verifier = verifiers[anchor.mode];
    if (verifier === undefined) {
        return [{ name: 'anchor', ok: false, detail: `no verifier for ledger mode ${anchor.mode}` }];
    }
    const expected: AnchorExpectation = {
        batchId: receipt.batchId,
        rootHash: receipt.rootHash,
        treeSize: receipt.treeSize,
    };
    try {
        const checks = verifier(anchor, expected);
        return checks.length > 0
            ? checks
            : [{ name: 'anchor', ok: false, detail: `the ${anchor.mode} verifier made no checks` }];
    } catch (error) {
        return [{ name: 'anchor', ok: false, detail: error instanceof Error ? error.message : String(error) }];
    }
}

/**
 * Verifies a receipt offline, trusting nothing in it: its shape (format v1), the item's digest (if the file
 * or its digest is given), the leaf hash and the RFC 9162 root recomputed from the inclusion proof against
 * `rootHash`, then the anchoring transaction with the verifier for its ledger mode, which must confirm that
 * the transaction recorded this batch id, root hash and tree size. Never throws on a bad receipt; every
 * failure is a check with `ok: false`.
 */
export function verifyReceipt(receipt: unknown, options: VerifyReceiptOptions): VerifyReceiptResult {
    const shape = schemaCheck(receipt);
    if (!shape.ok) {
        return { ok: false, checks: [shape] };
    }
    const valid = receipt as Receipt;
    const checks = [
        shape,
        ...fileChecks(valid, options),
        ...inclusionChecks(valid),
        ...anchorChecks(valid, options.anchorVerifiers),
    ];
    return { ok: checks.every((check) => check.ok), checks };
}
