import { createHash } from 'node:crypto';
import { MerkleTree as MerkleTreeJs } from 'merkletreejs';

/** Independent SHA-256 (createHash, not the module under test's primitive). */
export function sha256(...parts: Uint8Array[]): Buffer {
    const hash = createHash('sha256');
    for (const part of parts) {
        hash.update(part);
    }
    return hash.digest();
}

/** RFC 6962 leaf hash, written independently of the module under test. */
export function refLeafHash(input: Uint8Array): Buffer {
    return sha256(Buffer.of(0x00), input);
}

function largestPowerOfTwoBelow(n: number): number {
    let k = 1;
    while (k * 2 < n) {
        k *= 2;
    }
    return k;
}

/** MTH(D[n]) transcribed literally from RFC 6962 §2.1 (recursive split at the largest power of two < n). */
export function refRoot(leafHashes: readonly Buffer[]): Buffer {
    const n = leafHashes.length;
    if (n === 0) {
        return sha256();
    }
    if (n === 1) {
        return leafHashes[0]!;
    }
    const k = largestPowerOfTwoBelow(n);
    return sha256(Buffer.of(0x01), refRoot(leafHashes.slice(0, k)), refRoot(leafHashes.slice(k)));
}

/** PATH(m, D[n]) transcribed literally from RFC 6962 §2.1.1. */
export function refPath(m: number, leafHashes: readonly Buffer[]): Buffer[] {
    const n = leafHashes.length;
    if (n <= 1) {
        return [];
    }
    const k = largestPowerOfTwoBelow(n);
    return m < k
        ? [...refPath(m, leafHashes.slice(0, k)), refRoot(leafHashes.slice(k))]
        : [...refPath(m - k, leafHashes.slice(k)), refRoot(leafHashes.slice(0, k))];
}

/**
 * merkletreejs configured as an RFC 6962 tree: leaves passed pre-hashed (0x00 prefix), a concatenator that
 * prepends 0x01 to each pair, and its default odd-node rule (promote the last node unchanged — NOT
 * `duplicateOdd`/`complete`/`isBitcoinTree`), which yields RFC 6962's shape for every size.
 */
export function merkletreejsOracle(leafHashes: readonly Buffer[]): { root: Buffer; proof(m: number): Buffer[] } {
    const tree = new MerkleTreeJs([...leafHashes], (value: unknown) => sha256(value as Buffer), {
        concatenator: (pair) => Buffer.concat([Buffer.of(0x01), ...pair]),
    });
    return {
        root: tree.getRoot(),
        proof: (m) => tree.getProof(leafHashes[m]!, m).map((step) => step.data),
    };
}

/** Deterministic pseudo-random 32-byte digests. */
export function digestsFor(count: number, seed = 'court-ledger'): Buffer[] {
    return Array.from({ length: count }, (_, i) => sha256(Buffer.from(`${seed}/${i}`)));
}

export const hex = (value: Uint8Array): string => Buffer.from(value).toString('hex');
