import { createHash } from 'node:crypto';
import { LedgerError } from './errors';

/** Digests of a file (evidence item, served document), lowercase hex. */
export interface FileDigests {
    readonly sha256: string;
    readonly sm3?: string;
}

/** Digest algorithms the ledger indexes evidence by. */
export const DIGEST_ALGORITHMS = ['sha256', 'sm3'] as const;

/** `sha256` or `sm3` (GB/T 32905). */
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

/** Both algorithms produce 256-bit digests, written as 64 lowercase hex characters. */
const DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/** True when `value` is 64 lowercase hex characters. */
export function isDigest(value: string): boolean {
    return DIGEST_PATTERN.test(value);
}

/**
 * Returns `value` if it is a 256-bit digest in lowercase hex, else throws `INVALID_DIGEST` naming `field`.
 *
 * @param value - the digest text
 * @param field - the argument or record field it came from (e.g. `sha256`, `rootHash`)
 */
export function validateDigest(value: string, field: string): string {
    if (!isDigest(value)) {
        throw new LedgerError('INVALID_DIGEST', `${field} must be 64 lowercase hex characters`, field);
    }
    return value;
}

/** Like {@link validateDigest}, but `''` means "none" and gives undefined. */
export function validateOptionalDigest(value: string, field: string): string | undefined {
    return value === '' ? undefined : validateDigest(value, field);
}

/**
 * Validates a file's digest pair: `sha256` required, `sm3` optional (`''` = none, then omitted from the result).
 * Throws `INVALID_DIGEST` naming `sha256` or `sm3`.
 */
export function parseDigests(sha256: string, sm3: string): FileDigests {
    const sha = validateDigest(sha256, 'sha256');
    const sm = validateOptionalDigest(sm3, 'sm3');
    return sm === undefined ? { sha256: sha } : { sha256: sha, sm3: sm };
}

/** Returns `value` as a {@link DigestAlgorithm}, else throws `INVALID_ARGUMENT` (field `algorithm`). */
export function parseDigestAlgorithm(value: string): DigestAlgorithm {
    const algorithm = DIGEST_ALGORITHMS.find((known) => known === value);
    if (algorithm === undefined) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            `algorithm must be one of ${DIGEST_ALGORITHMS.join(', ')}`,
            'algorithm',
        );
    }
    return algorithm;
}

/**
 * SHA-256(salt ‖ text) as lowercase hex, where salt is the bytes the hex `salt` encodes and text its UTF-8
 * bytes: a commitment to a text kept elsewhere. Whoever holds the text and salt can recompute it; with a random
 * salt nobody else can test guesses against it (an address, a note that names a person).
 */
export function saltedSha256(salt: string, text: string): string {
    return createHash('sha256').update(Buffer.from(salt, 'hex')).update(text, 'utf8').digest('hex');
}

/**
 * `prefix` + the first 32 hex characters of SHA-256(txId as UTF-8): the id of the one record a transaction
 * creates (services `sv_`, preservation applications `pa_`, letters of guarantee `lg_`).
 */
export function deriveTxScopedId(prefix: string, txId: string): string {
    return `${prefix}${createHash('sha256').update(txId, 'utf8').digest('hex').slice(0, 32)}`;
}
