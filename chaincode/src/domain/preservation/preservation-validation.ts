import { deriveTxScopedId, validateDigest } from '../shared/digests';
import { LedgerError } from '../shared/errors';
import { parseAmount, validateCaseId, validatePseudonym } from '../shared/validation';

/** Preservation application ids: `pa_` and 32 lowercase hex characters. */
export const APPLICATION_ID_PATTERN = /^pa_[0-9a-f]{32}$/;

/** `pa_` + the first 32 hex characters of SHA-256(txId as UTF-8): one application per `apply` transaction. */
export function deriveApplicationId(txId: string): string {
    return deriveTxScopedId('pa_', txId);
}

/** Returns `value` if it looks like an application id, else throws `INVALID_ARGUMENT` (field `applicationId`). */
export function validateApplicationId(value: string): string {
    if (!APPLICATION_ID_PATTERN.test(value)) {
        throw new LedgerError(
            'INVALID_ARGUMENT',
            'applicationId must be pa_ followed by 32 lowercase hex',
            'applicationId',
        );
    }
    return value;
}

/** The raw string arguments of `preservation:apply`. */
export interface PreservationApplyArgs {
    readonly caseId: string;
    readonly respondentPseudonym: string;
    /** Integer fen, plain decimal. */
    readonly amount: string;
    readonly propertyDigest: string;
}

/** A validated `preservation:apply` request. */
export interface PreservationApplication {
    readonly caseId: string;
    readonly respondentPseudonym: string;
    readonly amount: number;
    readonly propertyDigest: string;
}

/**
 * Validates `preservation:apply` arguments: case id, respondent pseudonym (64 lowercase hex), amount (integer
 * fen ≥ 1) and property digest (SHA-256 hex; `INVALID_DIGEST`). Other refusals are `INVALID_ARGUMENT`.
 */
export function parsePreservationApply(args: PreservationApplyArgs): PreservationApplication {
    return {
        caseId: validateCaseId(args.caseId),
        respondentPseudonym: validatePseudonym(args.respondentPseudonym, 'respondentPseudonym'),
        amount: parseAmount(args.amount),
        propertyDigest: validateDigest(args.propertyDigest, 'propertyDigest'),
    };
}
