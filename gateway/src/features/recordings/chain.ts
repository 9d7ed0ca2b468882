import { createHash } from 'node:crypto';

/**
 * The hash chain of a recording session (Art. 16: hearing and mediation records), pure and deterministic.
 * Every value is 32 bytes; `u64be(n)` is `n` as an unsigned 64-bit big-endian integer; `‖` is concatenation;
 * strings are UTF-8 without terminator.
 *
 * ```
 * chain_0 = SHA-256("court-ledger/recording/v1" ‖ 0x00 ‖ sessionId)
 * chain_n = SHA-256(chain_{n-1} ‖ u64be(n) ‖ digest_n)            segment n (seq n, from 1), digest_n its SHA-256
 * closing = SHA-256("court-ledger/recording-close/v1" ‖ 0x00 ‖ chain_N ‖ u64be(N))   N segments
 * ```
 *
 * The gateway anchors `chain_n` for each segment as it arrives and `closing` when the session closes, so the
 * closing value on the ledger fixes every segment, their order and their number.
 */

/** Domain tag of the chain's start value. */
const GENESIS_TAG = 'court-ledger/recording/v1';
/** Domain tag of the closing value. */
const CLOSING_TAG = 'court-ledger/recording-close/v1';

function u64be(n: number): Buffer {
    if (!Number.isSafeInteger(n) || n < 0) {
        throw new RangeError(`expected a non-negative safe integer, got ${n}`);
    }
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64BE(BigInt(n));
    return bytes;
}

function digestBytes(hex: string): Buffer {
    if (!/^[0-9a-f]{64}$/.test(hex)) {
        throw new RangeError('a digest is 64 lower-case hex characters');
    }
    return Buffer.from(hex, 'hex');
}

/** `chain_0` of a session (hex). */
export function chainStart(sessionId: string): string {
    return createHash('sha256').update(GENESIS_TAG).update(Buffer.of(0)).update(sessionId, 'utf8').digest('hex');
}

/** `chain_seq` from `chain_{seq-1}` and segment `seq`'s digest (all hex). */
export function chainLink(previous: string, seq: number, digest: string): string {
    if (seq < 1) {
        throw new RangeError('segments are numbered from 1');
    }
    return createHash('sha256')
        .update(digestBytes(previous))
        .update(u64be(seq))
        .update(digestBytes(digest))
        .digest('hex');
}

/** The closing value of a session of `count` segments whose last chain value is `chain` (hex). */
export function closingDigest(chain: string, count: number): string {
    return createHash('sha256')
        .update(CLOSING_TAG)
        .update(Buffer.of(0))
        .update(digestBytes(chain))
        .update(u64be(count))
        .digest('hex');
}

/** The chain over a whole list of segment digests: `chain_N` and the closing value for N = `digests.length`. */
export function chainOf(sessionId: string, digests: readonly string[]): { chain: string; closing: string } {
    const chain = digests.reduce((previous, digest, i) => chainLink(previous, i + 1, digest), chainStart(sessionId));
    return { chain, closing: closingDigest(chain, digests.length) };
}

/** How a presented list of segment digests compares with the recorded one, segment by segment. */
export interface SegmentComparison {
    /** Same segments, same order, same number. */
    readonly intact: boolean;
    /** The first seq at which the lists part (undefined when intact). */
    readonly firstDifference?: number;
    /** Segments present in both lists whose digests differ. */
    readonly changed: readonly { seq: number; expected: string; given: string }[];
    /** Recorded segments the presented list lacks (it is shorter). */
    readonly missing: readonly { seq: number; expected: string }[];
    /** Presented segments beyond the recorded ones (it is longer). */
    readonly added: readonly { seq: number; given: string }[];
}

/**
 * Compares the presented digests with the recorded ones position by position (seq n is position n - 1):
 * a changed segment is named by its seq; a removed or inserted one shows as the first difference, with the
 * shifted segments after it changed and the length difference as missing or added.
 */
export function compareSegments(recorded: readonly string[], given: readonly string[]): SegmentComparison {
    const changed: { seq: number; expected: string; given: string }[] = [];
    const common = Math.min(recorded.length, given.length);
    for (let i = 0; i < common; i++) {
        const expected = recorded[i] ?? '';
        const presented = given[i] ?? '';
        if (expected !== presented) {
            changed.push({ seq: i + 1, expected, given: presented });
        }
    }
    const missing = recorded.slice(common).map((expected, i) => ({ seq: common + i + 1, expected }));
    const added = given.slice(common).map((presented, i) => ({ seq: common + i + 1, given: presented }));
    const firstDifference = changed[0]?.seq ?? (missing.length + added.length > 0 ? common + 1 : undefined);
    return {
        intact: firstDifference === undefined,
        ...(firstDifference === undefined ? {} : { firstDifference }),
        changed,
        missing,
        added,
    };
}
