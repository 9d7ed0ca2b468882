/*
 * The one receipt verifier, run by `court-ledger verify-receipt` and bundled for the browser's /receipt page:
 * no Node built-ins (TypeBox, @noble/hashes, WebCrypto through the injected anchor verifiers).
 */
import { sha256 } from '@noble/hashes/sha2';
import { Value } from '@sinclair/typebox/value';
import { InclusionProofError, rootFromInclusionProof } from '../merkle/proof';
import { leafHash } from '../merkle/rfc6962';
import { bytesToHex, hex32, hexToBytes } from './hex';
import { ReceiptSchema, type Receipt, type ReceiptAnchor } from './schema';

/** One step of receipt verification. */
export interface Check {
    /** Stable identifier, e.g. `schema`, `inclusion-proof`, `root-hash`, or an anchor verifier's own. */
    readonly name: string;
    readonly ok: boolean;
    /** What was compared or why it failed. */
    readonly detail?: string;
    /**
     * Set by a check of who signed: `false` when the signer was taken from the receipt itself (the signature
     * holds, but nothing ties the key to the court), `true` when it matched a pinned trust root.
     */
    readonly pinned?: boolean;
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
export type AnchorVerifier = (anchor: ReceiptAnchor, expected: AnchorExpectation) => Promise<Check[]>;

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

/**
 * The verdict a person reads: `valid` (every check passed and the signer is pinned), `unpinned` ("signature
 * valid, signer not pinned": every check passed but the signing key came from the receipt), `invalid`.
 */
export type ReceiptVerdict = 'valid' | 'unpinned' | 'invalid';

export interface VerifyReceiptResult {
    /** True iff there is at least one check and every check passed (the signer may still be unpinned). */
    readonly ok: boolean;
    readonly verdict: ReceiptVerdict;
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
        const actual = bytesToHex(sha256(options.file));
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
    const leaf = leafHash(hexToBytes(receipt.digest));
    const proof = receipt.inclusionProof.map(hexToBytes);
    let root: Uint8Array;
    try {
        root = rootFromInclusionProof(leaf, receipt.leafIndex, receipt.treeSize, proof);
    } catch (error) {
        if (error instanceof InclusionProofError) {
            return [{ name: 'inclusion-proof', ok: false, detail: error.message }];
        }
        throw error;
    }
    const computed = bytesToHex(root);
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

async function anchorChecks(receipt: Receipt, verifiers: AnchorVerifiers): Promise<Check[]> {
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
        const checks = await verifier(anchor, expected);
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
 * the transaction recorded this batch id, root hash and tree size, and who signed it against the pinned trust
 * root. Never throws on a bad receipt; every failure is a check with `ok: false`.
 */
export async function verifyReceipt(receipt: unknown, options: VerifyReceiptOptions): Promise<VerifyReceiptResult> {
    const shape = schemaCheck(receipt);
    if (!shape.ok) {
        return { ok: false, verdict: 'invalid', checks: [shape] };
    }
    const valid = receipt as Receipt;
    const checks = [
        shape,
        ...fileChecks(valid, options),
        ...inclusionChecks(valid),
        ...(await anchorChecks(valid, options.anchorVerifiers)),
    ];
    const ok = checks.every((check) => check.ok);
    const pinned = checks.some((check) => check.pinned === true) && !checks.some((check) => check.pinned === false);
    return { ok, verdict: !ok ? 'invalid' : pinned ? 'valid' : 'unpinned', checks };
}
