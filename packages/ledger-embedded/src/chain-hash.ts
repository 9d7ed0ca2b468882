/**
 * Hashing and signing of blocks with node:crypto, for the committer and the start-up verifier; the bytes
 * covered are defined once in chain-bytes.ts (the offline proof verifier hashes the same bytes with WebCrypto).
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, dataHashInput, headerBytes, proposalResponseBytes } from './chain-bytes';
import type { BlockHeader, EndorserTransaction } from './envelope';

export { canonicalJson, headerBytes };

/** `previousHash` of block 0. */
export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

/** Lowercase hex SHA-256. */
export function sha256Hex(data: string | Uint8Array): string {
    return createHash('sha256').update(data).digest('hex');
}

/** Hash of a transaction: SHA-256 of its canonical JSON (the bytes stored in the block file). */
export function transactionHash(canonicalEnvelope: string | Uint8Array): string {
    return sha256Hex(canonicalEnvelope);
}

/** `dataHash` of a block: SHA-256 of the canonical JSON array of its transaction hashes. */
export function dataHash(txHashes: readonly string[]): string {
    return sha256Hex(dataHashInput(txHashes));
}

/** Hash of a block (what the next block's `previousHash` holds): SHA-256 of the canonical header. */
export function blockHash(header: BlockHeader): string {
    return sha256Hex(headerBytes(header));
}

/** ECDSA (P-256, SHA-256) signature of the header, DER, base64. */
export function signHeader(header: BlockHeader, privateKey: KeyObject): string {
    return sign('sha256', headerBytes(header), privateKey).toString('base64');
}

/** Checks a header signature against an SPKI PEM public key; false on any malformed input. */
export function verifyHeaderSignature(header: BlockHeader, signature: string, publicKey: string | KeyObject): boolean {
    try {
        const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
        return verify('sha256', headerBytes(header), key, Buffer.from(signature, 'base64'));
    } catch {
        return false;
    }
}

/**
 * The proposal response hash endorsers sign: SHA-256 of the canonical JSON of the envelope without its
 * `endorsements` and `validationCode` (both added after endorsement).
 */
export function proposalResponseHash(
    envelope: Omit<EndorserTransaction, 'validationCode' | 'endorsements'> & {
        readonly endorsements?: unknown;
        readonly validationCode?: unknown;
    },
): Buffer {
    return createHash('sha256').update(proposalResponseBytes(envelope)).digest();
}

/** An endorser's signature of a proposal response hash: ECDSA (SHA-256) over the hash bytes, DER, base64. */
export function signResponseHash(hash: Buffer, privateKey: KeyObject): string {
    return sign('sha256', hash, privateKey).toString('base64');
}

/** Checks an endorsement signature against a public key (or certificate); false on any malformed input. */
export function verifyResponseHashSignature(hash: Buffer, signature: string, publicKey: KeyObject): boolean {
    try {
        return verify('sha256', hash, publicKey, Buffer.from(signature, 'base64'));
    } catch {
        return false;
    }
}
