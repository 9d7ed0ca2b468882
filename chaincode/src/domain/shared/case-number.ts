/**
 * Case numbers on the shared ledger are keyed: the gateway passes, wherever a `caseId` goes, the HMAC of the
 * clear case number under the court's pepper (the chaincode cannot recompute it and treats it as an opaque id),
 * and sends the clear number in the transient field `caseNumber`, which the chaincode keeps only in the court's
 * private data collection. Blocks then carry the key and the salted hash of the private value, never the number.
 */
import { LedgerError } from './errors';
import { validateCaseId } from './validation';

/** Name of the transient field carrying the clear case number (canonical JSON `{caseNumber, salt}`). */
export const CASE_NUMBER_TRANSIENT_KEY = 'caseNumber';

/** What the court's private collection holds for a case key: the clear number and a random salt. */
export interface CaseNumberEntry {
    /** The clear case number, e.g. `(2026)京0491民初123号` (validated like a case id). */
    readonly caseNumber: string;
    /**
     * 16 random bytes as 32 lowercase hex: blocks carry the SHA-256 of every private value, and a case number
     * is guessable, so the value must not be the number alone.
     */
    readonly salt: string;
}

/** The answer of `casenumber:get`. */
export interface CaseNumberView {
    /** The keyed case id as it is on the ledger. */
    readonly caseId: string;
    readonly caseNumber: string;
}

const SALT_PATTERN = /^[0-9a-f]{32}$/;
const ENTRY_KEYS: ReadonlySet<string> = new Set(['caseNumber', 'salt']);

function invalid(detail: string, field = CASE_NUMBER_TRANSIENT_KEY): LedgerError {
    // Never echo the value: error messages travel in clear.
    return new LedgerError('INVALID_ARGUMENT', detail, field);
}

/**
 * Validates the parsed `caseNumber` transient value: exactly `caseNumber` (a valid case id, see
 * `validateCaseId`) and `salt` (32 lowercase hex). Throws `INVALID_ARGUMENT` naming `caseNumber` or
 * `caseNumber.<field>`.
 */
export function parseCaseNumberEntry(value: unknown): CaseNumberEntry {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalid('transient field caseNumber must be a JSON object {caseNumber, salt}');
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length !== ENTRY_KEYS.size || !keys.every((key) => ENTRY_KEYS.has(key))) {
        throw invalid('caseNumber must have exactly the fields caseNumber, salt');
    }
    const { caseNumber, salt } = record;
    if (typeof caseNumber !== 'string') {
        throw invalid('caseNumber.caseNumber must be a string', 'caseNumber.caseNumber');
    }
    try {
        validateCaseId(caseNumber);
    } catch {
        throw invalid('caseNumber.caseNumber must be written like a case number', 'caseNumber.caseNumber');
    }
    if (typeof salt !== 'string' || !SALT_PATTERN.test(salt)) {
        throw invalid('caseNumber.salt must be 32 lowercase hex characters (16 bytes)', 'caseNumber.salt');
    }
    return { caseNumber, salt };
}
