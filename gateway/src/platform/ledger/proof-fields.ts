import type { LedgerMode } from './ledger';

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Structural problems of the fields every transaction proof has (`mode`, `channel`, `txId`, `timestamp`,
 * `blockNumber`, `txIndex`), plus the mode's own required string fields `strings`; [] when they are sound.
 */
export function commonProofProblems(
    proof: Record<string, unknown>,
    mode: LedgerMode,
    strings: readonly string[] = [],
): string[] {
    const problems: string[] = [];
    if (proof.mode !== mode) {
        problems.push(`mode is ${String(proof.mode)}, not ${mode}`);
    }
    for (const field of ['channel', 'txId', 'timestamp', ...strings]) {
        if (typeof proof[field] !== 'string') {
            problems.push(`${field} is missing`);
        }
    }
    for (const field of ['blockNumber', 'txIndex']) {
        const value = proof[field];
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
            problems.push(`${field} is not a non-negative integer`);
        }
    }
    return problems;
}
