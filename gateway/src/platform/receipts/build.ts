import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { leafHash, rootFromInclusionProof, sameBytes, type MerkleTree } from '../merkle';
import { hex32, hexToBytes } from './hex';
import { ReceiptSchema, type Receipt, type ReceiptAnchor } from './schema';

/** What a receipt is built from. */
export interface BuildReceiptInput {
    /** SHA-256 of the item (hex or 32 bytes): the leaf input. */
    readonly digest: string | Uint8Array;
    readonly leafIndex: number;
    /** The batch tree, built with `buildTree` from the batch's digests in leaf order. */
    readonly tree: MerkleTree;
    readonly batchId: string;
    /** The anchoring transaction and its mode-specific proof (the ledger's `TransactionProof`), JSON-safe. */
    readonly anchor: ReceiptAnchor;
}

// Compiled on first use (the gateway builds receipts; the browser bundle, whose CSP forbids compiling code,
// only verifies them): a compiled check costs microseconds, the interpreted one ≈ 0.1 ms per receipt.
let receiptCheck: TypeCheck<typeof ReceiptSchema> | undefined;

/**
 * Builds a v1 receipt. Checks itself before returning: the digest must be leaf `leafIndex` of `tree` (its
 * proof must lead to the tree's root) and the result must match the schema; throws otherwise, so a receipt
 * that could not verify is never handed out.
 */
export function buildReceipt(input: BuildReceiptInput): Receipt {
    const digest = hex32(input.digest);
    if (digest === undefined) {
        throw new TypeError('digest must be a 32-byte SHA-256 (64 hex characters or 32 bytes)');
    }
    const { tree, leafIndex } = input;
    const proof = tree.inclusionProof(leafIndex);
    const rootHash = tree.rootHash();
    const recomputed = rootFromInclusionProof(leafHash(hexToBytes(digest)), leafIndex, tree.treeSize, proof);
    if (!sameBytes(recomputed, rootHash)) {
        throw new Error(`digest ${digest} is not leaf ${leafIndex} of the tree (size ${tree.treeSize})`);
    }
    const receipt: Receipt = {
        version: 1,
        digest,
        leafIndex,
        treeSize: tree.treeSize,
        rootHash: rootHash.toString('hex'),
        inclusionProof: proof.map((hash) => hash.toString('hex')),
        batchId: input.batchId,
        anchor: { ...input.anchor },
    };
    receiptCheck ??= TypeCompiler.Compile(ReceiptSchema);
    const error = receiptCheck.Check(receipt) ? undefined : receiptCheck.Errors(receipt).First();
    if (error !== undefined) {
        throw new TypeError(`receipt does not match the schema at ${error.path || '/'}: ${error.message}`);
    }
    return receipt;
}
