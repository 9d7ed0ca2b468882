import { isDigest } from './digests';
import { LedgerError } from './errors';

/** Longest case id, in Unicode code points. */
export const MAX_CASE_ID_LENGTH = 64;
/** ASCII `[A-Za-z0-9()._/:-]` and Han (CJK) characters, e.g. `(2024)京0491民初123号`. */
const CASE_ID_PATTERN = /^[A-Za-z0-9()._/:\p{Script=Han}-]+$/u;

/**
 * Returns `value` if it is a valid case id: 1–64 code points of `[A-Za-z0-9()._/:-]` or Han characters, in
 * Unicode NFC (so one case number has one spelling). Throws `INVALID_ARGUMENT` (field `caseId`).
 */
export function validateCaseId(value: string): string {
    const length = Array.from(value).length; // code points
    if (length === 0 || length > MAX_CASE_ID_LENGTH) {
        throw new LedgerError('INVALID_ARGUMENT', `caseId must be 1-${MAX_CASE_ID_LENGTH} characters`, 'caseId');
    }
    if (!CASE_ID_PATTERN.test(value) || value.normalize('NFC') !== value) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            'caseId may contain only letters, digits, ( ) . _ / : - and CJK characters (NFC)',
            'caseId',
        );
    }
    return value;
}

/** Decimal without sign, leading zeros or exponent. */
const UNSIGNED_INTEGER = /^(0|[1-9][0-9]*)$/;

/**
 * A safe integer ≥ `min` written in plain decimal (no sign, leading zeros or exponent), else `INVALID_ARGUMENT`
 * naming `field`.
 */
export function parseDecimalInteger(value: string, field: string, min: number): number {
    const parsed = UNSIGNED_INTEGER.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} must be an integer ≥ ${min} written in decimal`, field);
    }
    return parsed;
}

/**
 * An amount of money in integer fen (分): a safe integer ≥ 1 in plain decimal. Throws `INVALID_ARGUMENT`
 * naming `field`. Amounts are never fractional, so they compare and add exactly.
 */
export function parseAmount(value: string, field = 'amount'): number {
    return parseDecimalInteger(value, field, 1);
}

/** True when `value` is an amount in integer fen as a JSON number: a safe integer ≥ 1. */
export function isAmount(value: unknown): value is number {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/**
 * Returns `value` if it is a principal pseudonym (HMAC-SHA256 of the principal's sub under the court's
 * pepper: 64 lowercase hex), else throws `INVALID_ARGUMENT` naming `field`. The chaincode cannot recompute it
 * (the pepper never reaches the ledger): the gateway is trusted for it.
 *
 * @param field - the argument it came from (`recipientPseudonym` for services, `respondentPseudonym` for
 *   preservation applications)
 */
export function validatePseudonym(value: string, field = 'recipientPseudonym'): string {
    if (!isDigest(value)) {
        throw new LedgerError('INVALID_ARGUMENT', `${field} must be 64 lowercase hex characters`, field);
    }
    return value;
}
