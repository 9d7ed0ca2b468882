/**
 * Stable error codes carried by every chaincode error as `CODE: message`, or `CODE: field=<name>; message`
 * when one argument is at fault.
 *
 * The gateway maps codes to HTTP statuses (gateway/src/errors.ts) by parsing the prefix, never the prose.
 */
export const ERROR_CODES = [
    'INVALID_ARGUMENT',
    'INVALID_DIGEST',
    'UNAUTHENTICATED',
    'FORBIDDEN_ROLE',
    'FORBIDDEN_ACTOR',
    // Case participation (domain/case/case-access.ts): not recorded in the case, or a court role of another court.
    'NOT_A_PARTICIPANT',
    'INVALID_TRANSITION',
    'EVIDENCE_NOT_FOUND',
    'BATCH_NOT_FOUND',
    'BATCH_EXISTS',
    'SERVICE_NOT_FOUND',
    'INVALID_SIGNATURE',
    'KEY_NOT_FOUND',
    'APPLICATION_NOT_FOUND',
    'LETTER_NOT_FOUND',
    'CASE_NOT_FOUND',
    'AGREEMENT_NOT_FOUND',
    'NOT_FOUND',
    'CONFLICT',
    // Enforcement rules (domain/enforcement/rules.ts): each a refusal by a rule of law, answered as 409.
    'RESERVE_TOO_LOW',
    'REDUCTION_TOO_LARGE',
    'NO_FURTHER_AUCTION',
    'DEPOSIT_OUT_OF_RANGE',
    'ANNOUNCEMENT_TOO_SHORT',
    'PRICE_BELOW_RESERVE',
    'OVER_CONTROL',
    'TERM_TOO_LONG',
    'INSUFFICIENT_BALANCE',
    'OVERPAYMENT',
    'PAYEE_NOT_CREDITOR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** An error whose message starts with a stable code, so it survives transport through Fabric as plain text. */
export class LedgerError extends Error {
    constructor(
        readonly code: ErrorCode,
        readonly detail: string,
        readonly field?: string,
    ) {
        super(field === undefined ? `${code}: ${detail}` : `${code}: field=${field}; ${detail}`);
        this.name = 'LedgerError';
    }
}

/**
 * Recovers the code from a message produced by {@link LedgerError}, wherever it ended up inside a longer
 * transport message (Fabric wraps chaincode messages in its own text). Returns undefined when no known code
 * prefixes any segment.
 */
export function parseErrorCode(message: string): { code: ErrorCode; detail: string; field?: string } | undefined {
    const match = /(?:^|[\s:(,])([A-Z][A-Z_]+): (?:field=([A-Za-z0-9_.]+); )?(.*)$/s.exec(message);
    if (!match) {
        return undefined;
    }
    const [, code, field, detail] = match;
    if (code === undefined || detail === undefined || !CODE_SET.has(code)) {
        return undefined;
    }
    return field === undefined ? { code: code as ErrorCode, detail } : { code: code as ErrorCode, detail, field };
}
