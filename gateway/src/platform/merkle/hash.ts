import * as crypto from 'node:crypto';

import { HASH_SIZE } from './rfc6962';

export { HASH_SIZE };

/** A SHA-256 returning the 32 digest bytes as a latin1 string (one char per byte). */
export type Sha256Latin1 = (data: Uint8Array) => string;

/** `crypto.hash`, absent before Node 20.12. */
type OneShotHash = typeof crypto.hash;

/**
 * Picks the SHA-256 primitive: `crypto.hash` (Node 20.12+, one call into OpenSSL, no Hash object) when
 * present, else `createHash(…).update(…).digest()`. Exported so tests can exercise both.
 *
 * Output is latin1, not a Buffer: measured on Node 20.20, `crypto.hash(…, 'latin1')` plus copying the 32
 * chars into the level buffer costs ~0.35 µs per 65-byte node against ~0.8 µs for `'buffer'` output,
 * because V8 makes a one-byte string far more cheaply than Node makes a Buffer (ArrayBuffer + view).
 * latin1 (Node's alias `'binary'`) maps bytes 0–255 to chars 0–255 one to one, so the round trip is exact.
 */
export function selectSha256(oneShot: OneShotHash | undefined): Sha256Latin1 {
    if (oneShot !== undefined) {
        return (data) => oneShot('sha256', data, 'binary');
    }
    return (data) => crypto.createHash('sha256').update(data).digest('binary');
}

/** The SHA-256 used by every tree operation in this process. */
export const sha256Latin1: Sha256Latin1 = selectSha256((crypto as Partial<Pick<typeof crypto, 'hash'>>).hash);

/** Writes the 32 bytes of a latin1 digest string into `out` at `offset`. */
export function writeLatin1Hash(out: Uint8Array, offset: number, digest: string): void {
    for (let k = 0; k < HASH_SIZE; k++) {
        out[offset + k] = digest.charCodeAt(k);
    }
}

const EMPTY_ROOT = Buffer.from(sha256Latin1(new Uint8Array(0)), 'latin1');

/** Root hash of the empty tree, SHA-256 of the empty string (e3b0c442…b855); a fresh copy each call. */
export function emptyRoot(): Buffer {
    return Buffer.from(EMPTY_ROOT);
}
