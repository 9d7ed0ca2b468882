import { validateApplicationId } from '../preservation/preservation-validation';
import { PRINCIPAL_ID_PATTERN } from '../shared/actor';
import { deriveTxScopedId } from '../shared/digests';
import { LedgerError } from '../shared/errors';
import { millisBetween, parseIsoTimestamp } from '../shared/time';
import { parseAmount } from '../shared/validation';

/** Letter of guarantee ids: `lg_` and 32 lowercase hex characters. */
export const LETTER_ID_PATTERN = /^lg_[0-9a-f]{32}$/;

/** `lg_` + the first 32 hex characters of SHA-256(txId as UTF-8): one letter per `guarantee:apply` transaction. */
export function deriveLetterId(txId: string): string {
    return deriveTxScopedId('lg_', txId);
}

/** Returns `value` if it looks like a letter id, else throws `INVALID_ARGUMENT` (field `letterId`). */
export function validateLetterId(value: string): string {
    if (!LETTER_ID_PATTERN.test(value)) {
        throw new LedgerError('INVALID_ARGUMENT', 'letterId must be lg_ followed by 32 lowercase hex', 'letterId');
    }
    return value;
}

/** Returns `value` if it is an agency principal id (`sub`), else throws `INVALID_ARGUMENT` (field `agency`). */
export function validateAgency(value: string): string {
    if (!PRINCIPAL_ID_PATTERN.test(value)) {
        throw new LedgerError('INVALID_ARGUMENT', 'agency must be 1-128 characters of [A-Za-z0-9._:@-]', 'agency');
    }
    return value;
}

/**
 * Throws `INVALID_ARGUMENT` (field `validTo`) unless `validFrom` < `validTo` and `validTo` is after `at` (the
 * transaction time): a window that is empty or already over would give a letter that never covers anything.
 */
export function assertValidityWindow(validFrom: string, validTo: string, at: string): void {
    if (millisBetween(validFrom, validTo) <= 0) {
        throw new LedgerError('INVALID_ARGUMENT', 'validTo must be after validFrom', 'validTo');
    }
    if (millisBetween(at, validTo) <= 0) {
        throw new LedgerError('INVALID_ARGUMENT', 'validTo must be after the transaction time', 'validTo');
    }
}

/** The raw string arguments of `guarantee:apply`. */
export interface GuaranteeApplyArgs {
    readonly applicationId: string;
    readonly agency: string;
    /** Integer fen, plain decimal. */
    readonly amount: string;
    readonly validFrom: string;
    readonly validTo: string;
}

/** A validated `guarantee:apply` request (the window is checked against the transaction time later). */
export interface GuaranteeApplication {
    readonly applicationId: string;
    readonly agency: string;
    readonly amount: number;
    readonly validFrom: string;
    readonly validTo: string;
}

/**
 * Validates `guarantee:apply` arguments: application id, agency principal id, amount (integer fen ≥ 1), and
 * the validity window as ISO 8601 UTC times with milliseconds, validFrom < validTo. `INVALID_ARGUMENT` naming
 * the field.
 */
export function parseGuaranteeApply(args: GuaranteeApplyArgs): GuaranteeApplication {
    const validFrom = parseIsoTimestamp(args.validFrom, 'validFrom');
    const validTo = parseIsoTimestamp(args.validTo, 'validTo');
    if (millisBetween(validFrom, validTo) <= 0) {
        throw new LedgerError('INVALID_ARGUMENT', 'validTo must be after validFrom', 'validTo');
    }
    return {
        applicationId: validateApplicationId(args.applicationId),
        agency: validateAgency(args.agency),
        amount: parseAmount(args.amount),
        validFrom,
        validTo,
    };
}
