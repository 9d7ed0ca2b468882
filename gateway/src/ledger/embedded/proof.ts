/**
 * Offline verification of an embedded-ledger transaction proof (architecture.md, "Receipts"). Pure: takes
 * the proof as parsed from a receipt and recomputes the transaction hash, the block's data hash and the
 * header signature; needs nothing from a running ledger.
 */
import { createPublicKey } from 'node:crypto';
import type { TransactionProof } from '../ledger';
import { canonicalJson, dataHash, transactionHash, verifyHeaderSignature } from './chain-hash';
import type { BlockHeader, EndorserTransaction } from './envelope';

/** The embedded ledger's {@link TransactionProof}. */
export interface EmbeddedTransactionProof extends TransactionProof {
    readonly mode: 'embedded';
    /** Position of the transaction in its block. */
    readonly txIndex: number;
    readonly block: {
        readonly header: BlockHeader;
        /** ECDSA P-256 / SHA-256 signature of the canonical header, DER, base64. */
        readonly signature: string;
        /** The node's public key, SPKI PEM. */
        readonly nodePublicKey: string;
    };
    /** Hashes of all transactions of the block, in order; `dataHash` = SHA-256(canonical JSON of this array). */
    readonly txHashes: readonly string[];
    /** The canonical transaction envelope whose hash is `txHashes[txIndex]`. */
    readonly transaction: EndorserTransaction;
}

/** Outcome of {@link verifyEmbeddedTransactionProof}. */
export interface EmbeddedProofCheck {
    readonly valid: boolean;
    /** Why not, one line per failed check (empty when valid). */
    readonly problems: readonly string[];
}

/** Options for {@link verifyEmbeddedTransactionProof}. */
export interface EmbeddedProofOptions {
    /** When given, the proof's node key must be one of these (SPKI PEM), e.g. the key published by the court. */
    readonly trustedNodePublicKeys?: readonly string[];
}

const HEX64 = /^[0-9a-f]{64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHeader(value: unknown): value is BlockHeader {
    return (
        isRecord(value) &&
        Number.isSafeInteger(value.number) &&
        typeof value.previousHash === 'string' &&
        typeof value.dataHash === 'string' &&
        typeof value.timestamp === 'string'
    );
}

function spkiDer(pem: string): Buffer | undefined {
    try {
        return createPublicKey(pem).export({ type: 'spki', format: 'der' });
    } catch {
        return undefined;
    }
}

/** Structural problems of `proof`, or the typed proof when there are none. */
function parseProof(proof: unknown): EmbeddedTransactionProof | string[] {
    if (!isRecord(proof)) {
        return ['proof is not an object'];
    }
    const problems: string[] = [];
    if (proof.mode !== 'embedded') {
        problems.push(`mode is ${String(proof.mode)}, not embedded`);
    }
    for (const field of ['channel', 'txId', 'timestamp'] as const) {
        if (typeof proof[field] !== 'string') {
            problems.push(`${field} is missing`);
        }
    }
    for (const field of ['blockNumber', 'txIndex'] as const) {
        const value = proof[field];
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
            problems.push(`${field} is not a non-negative integer`);
        }
    }
    const block = proof.block;
    if (!isRecord(block) || !isHeader(block.header) || typeof block.signature !== 'string') {
        problems.push('block {header, signature, nodePublicKey} is malformed');
    } else if (typeof block.nodePublicKey !== 'string') {
        problems.push('block.nodePublicKey is missing');
    }
    const hashes = proof.txHashes;
    if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string' && HEX64.test(h))) {
        problems.push('txHashes is not an array of SHA-256 hex strings');
    }
    if (!isRecord(proof.transaction)) {
        problems.push('transaction is not an object');
    }
    return problems.length > 0 ? problems : (proof as unknown as EmbeddedTransactionProof);
}

/**
 * Checks an embedded transaction proof offline: the envelope is the transaction named, valid, and hashes
 * to `txHashes[txIndex]`; the hashes give the header's `dataHash`; the header is signed by `nodePublicKey`
 * (and that key is trusted, when a trust list is given).
 */
export function verifyEmbeddedTransactionProof(proof: unknown, options: EmbeddedProofOptions = {}): EmbeddedProofCheck {
    const parsed = parseProof(proof);
    if (Array.isArray(parsed)) {
        return { valid: false, problems: parsed };
    }
    const problems: string[] = [];
    const { block } = parsed;
    // Still untrusted input: check the envelope's fields as unknowns.
    const tx = parsed.transaction as unknown as Record<string, unknown>;
    if (tx.type !== 'endorser') {
        problems.push('transaction is not an endorser transaction');
    }
    if (tx.txId !== parsed.txId || tx.channel !== parsed.channel || tx.timestamp !== parsed.timestamp) {
        problems.push('transaction txId/channel/timestamp differ from the proof');
    }
    if (tx.validationCode !== 'VALID') {
        problems.push(`transaction validation code is ${JSON.stringify(tx.validationCode)}`);
    }
    if (block.header.number !== parsed.blockNumber) {
        problems.push('block header number differs from blockNumber');
    }
    let txHash: string | undefined;
    try {
        txHash = transactionHash(canonicalJson(tx));
    } catch {
        problems.push('transaction cannot be canonicalised');
    }
    if (txHash !== undefined && parsed.txHashes[parsed.txIndex] !== txHash) {
        problems.push('transaction hash is not txHashes[txIndex]');
    }
    if (dataHash(parsed.txHashes) !== block.header.dataHash) {
        problems.push('txHashes do not hash to the header dataHash');
    }
    if (!verifyHeaderSignature(block.header, block.signature, block.nodePublicKey)) {
        problems.push('block header signature does not verify with nodePublicKey');
    }
    const trusted = options.trustedNodePublicKeys;
    if (trusted !== undefined) {
        const key = spkiDer(block.nodePublicKey);
        if (key === undefined || !trusted.some((pem) => spkiDer(pem)?.equals(key) === true)) {
            problems.push('nodePublicKey is not a trusted node key');
        }
    }
    return { valid: problems.length === 0, problems };
}
