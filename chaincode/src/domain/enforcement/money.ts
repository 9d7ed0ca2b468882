import { LedgerError } from '../shared/errors';

/**
 * Returns `value` if it is an amount of money in integer fen: a JSON number that is a safe integer ≥ `min`.
 * Fractions, negatives, NaN, strings and anything above `Number.MAX_SAFE_INTEGER` are `INVALID_ARGUMENT`
 * naming `field`.
 */
export function parseFen(value: unknown, field: string, min = 1): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} must be an integer amount in fen ≥ ${min}`, field);
    }
    return value;
}

/**
 * Sum of integer fen amounts, exact; throws `INVALID_ARGUMENT` naming `field` when the sum is not a safe
 * integer (so a figure never silently loses precision).
 */
export function sumFen(amounts: readonly number[], field: string): number {
    const total = amounts.reduce((sum, amount) => sum + BigInt(amount), 0n);
    if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} exceeds the largest exact amount`, field);
    }
    return Number(total);
}

/**
 * True when `part` ≥ `numerator`/`denominator` of `whole`, computed exactly in integers (BigInt), so
 * 6999 of 10000 is below 70 % and 7000 is not, for any safe amounts.
 */
export function atLeastShare(part: number, whole: number, numerator: number, denominator: number): boolean {
    return BigInt(part) * BigInt(denominator) >= BigInt(whole) * BigInt(numerator);
}

/** True when `part` ≤ `numerator`/`denominator` of `whole`, exactly. */
export function atMostShare(part: number, whole: number, numerator: number, denominator: number): boolean {
    return BigInt(part) * BigInt(denominator) <= BigInt(whole) * BigInt(numerator);
}
