import { parseErrorCode, type ErrorCode } from '@court-ledger/chaincode';
import { LedgerFailure } from '../ledger/ledger';

/** Codes the gateway itself produces, beside the chaincode's. */
export type GatewayErrorCode =
    | ErrorCode
    | 'PAYLOAD_TOO_LARGE'
    | 'MALFORMED_MULTIPART'
    | 'IDEMPOTENCY_KEY_REUSED'
    | 'IDEMPOTENCY_KEY_IN_USE'
    | 'UNAVAILABLE'
    | 'ENDORSEMENT_POLICY'
    | 'MVCC_READ_CONFLICT'
    | 'INTEGRITY_ERROR'
    | 'INTERNAL';

/** An error with an HTTP status, a stable code and (for bad input) the offending field. */
export class HttpError extends Error {
    constructor(
        readonly statusCode: number,
        readonly code: GatewayErrorCode,
        message: string,
        readonly field?: string,
        readonly retryAfterSeconds?: number,
    ) {
        super(message);
        this.name = 'HttpError';
    }
}

/** The one table from chaincode error codes to HTTP statuses. */
const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
    INVALID_ARGUMENT: 400,
    INVALID_DIGEST: 400,
    UNAUTHENTICATED: 401,
    FORBIDDEN_ROLE: 403,
    FORBIDDEN_ACTOR: 403,
    INVALID_TRANSITION: 409,
    EVIDENCE_NOT_FOUND: 404,
    BATCH_NOT_FOUND: 404,
    BATCH_EXISTS: 409,
    SERVICE_NOT_FOUND: 404,
    INVALID_SIGNATURE: 400,
    KEY_NOT_FOUND: 404,
    APPLICATION_NOT_FOUND: 404,
    LETTER_NOT_FOUND: 404,
    CASE_NOT_FOUND: 404,
    AGREEMENT_NOT_FOUND: 404,
    NOT_FOUND: 404,
    CONFLICT: 409,
    RESERVE_TOO_LOW: 409,
    REDUCTION_TOO_LARGE: 409,
    NO_FURTHER_AUCTION: 409,
    DEPOSIT_OUT_OF_RANGE: 409,
    ANNOUNCEMENT_TOO_SHORT: 409,
    PRICE_BELOW_RESERVE: 409,
    OVER_CONTROL: 409,
    TERM_TOO_LONG: 409,
    INSUFFICIENT_BALANCE: 409,
    OVERPAYMENT: 409,
    PAYEE_NOT_CREDITOR: 409,
};

/** Seconds a client should wait before retrying while the ledger is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/** Turns a ledger failure into the HTTP error the API answers with. */
export function httpErrorFromLedger(failure: LedgerFailure): HttpError {
    switch (failure.kind) {
        case 'chaincode': {
            const parsed = parseErrorCode(failure.message);
            if (parsed === undefined) {
                return new HttpError(500, 'INTERNAL', `ledger refused the transaction: ${failure.message}`);
            }
            return new HttpError(STATUS_BY_CODE[parsed.code], parsed.code, parsed.detail, parsed.field);
        }
        case 'mvcc-conflict':
            return new HttpError(409, 'MVCC_READ_CONFLICT', 'a concurrent transaction changed the same record; retry');
        case 'endorsement-policy':
            return new HttpError(403, 'ENDORSEMENT_POLICY', failure.message);
        case 'not-found':
            return new HttpError(404, 'NOT_FOUND', failure.message);
        case 'unavailable':
            return new HttpError(
                503,
                'UNAVAILABLE',
                `the ledger is unreachable: ${failure.message}`,
                undefined,
                RETRY_AFTER_SECONDS,
            );
    }
}
