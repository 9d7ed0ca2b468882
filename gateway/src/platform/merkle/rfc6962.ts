/**
 * RFC 6962 leaf and node hashes with @noble/hashes' SHA-256: no Node built-ins, so audit-path verification
 * (proof.ts) runs unchanged in the CLI and in the browser. Tree building keeps OpenSSL's SHA-256 (hash.ts).
 */
import { sha256 } from '@noble/hashes/sha2';

/** Bytes in a SHA-256 hash: every leaf digest, leaf hash and tree node. */
export const HASH_SIZE = 32;

/**
 * RFC 6962 leaf hash: SHA-256(0x00 ‖ data). `data` may be any length (the transparency-dev test vectors
 * hash arbitrary leaf inputs); court-ledger leaves are 32-byte SHA-256 file digests.
 */
export function leafHash(data: Uint8Array): Uint8Array {
    const input = new Uint8Array(1 + data.length);
    input[0] = 0x00;
    input.set(data, 1);
    return sha256(input);
}

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
    const input = new Uint8Array(1 + left.length + right.length);
    input[0] = 0x01;
    input.set(left, 1);
    input.set(right, 1 + left.length);
    return sha256(input);
}

/** True iff two byte arrays are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
