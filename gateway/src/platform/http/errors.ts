import { LedgerError, type ErrorCode } from '@court-ledger/chaincode';
import type { LedgerFailure } from '@court-ledger/ledger-api';
import type { Component } from '../ops/faults';

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
    | 'INTERNAL'
    | 'SESSION_NOT_FOUND'
    | 'SESSION_CLOSED'
    | 'SEGMENT_OUT_OF_ORDER'
    | 'DUPLICATE_SEGMENT';

/** Seconds a client should wait before retrying while a component is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/** The one table from error codes (the chaincode's and the gateway's) to HTTP statuses. */
const STATUS_BY_CODE: Readonly<Record<GatewayErrorCode, number>> = {
    INVALID_ARGUMENT: 400,
    INVALID_DIGEST: 400,
    UNAUTHENTICATED: 401,
    FORBIDDEN_ROLE: 403,
    FORBIDDEN_ACTOR: 403,
    NOT_A_PARTICIPANT: 403,
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
    PAYLOAD_TOO_LARGE: 413,
    MALFORMED_MULTIPART: 400,
    IDEMPOTENCY_KEY_REUSED: 409,
    IDEMPOTENCY_KEY_IN_USE: 409,
    UNAVAILABLE: 503,
    ENDORSEMENT_POLICY: 403,
    MVCC_READ_CONFLICT: 409,
    INTEGRITY_ERROR: 500,
    INTERNAL: 500,
    SESSION_NOT_FOUND: 404,
    SESSION_CLOSED: 409,
    SEGMENT_OUT_OF_ORDER: 409,
    DUPLICATE_SEGMENT: 409,
};

/**
 * A refusal of the gateway's own domain logic (desks, access rules): a stable code, the words and the field at
 * fault. It knows nothing of HTTP; the error mapper gives it its status from the one code table.
 */
export class DomainError extends Error {
    constructor(
        readonly code: GatewayErrorCode,
        message: string,
        readonly field?: string,
    ) {
        super(message);
        this.name = 'DomainError';
    }
}

/** An error with an HTTP status, a stable code and (for bad input) the offending field: what the API answers. */
export class HttpError extends Error {
    constructor(
        readonly statusCode: number,
        readonly code: GatewayErrorCode,
        message: string,
        readonly field?: string,
        /** For a 503: the component that could not answer (named in the body, recorded as an outage). */
        readonly component?: Component,
    ) {
        super(message);
        this.name = 'HttpError';
    }

    /** Seconds a client should wait before retrying (503 only). */
    get retryAfterSeconds(): number | undefined {
        return this.statusCode === 503 ? RETRY_AFTER_SECONDS : undefined;
    }

    /** 503 `UNAVAILABLE` naming `component`, with `Retry-After`. */
    static unavailable(component: Component, message: string): HttpError {
        return new HttpError(503, 'UNAVAILABLE', message, undefined, component);
    }

    /** The error with `code`, its status taken from the one code table. */
    static of(code: GatewayErrorCode, message: string, field?: string): HttpError {
        return new HttpError(STATUS_BY_CODE[code], code, message, field);
    }
}

/** Turns a domain refusal (the gateway's or one of the chaincode's pure rules run here) into the API's error. */
export function httpErrorFromDomain(error: DomainError | LedgerError): HttpError {
    return HttpError.of(error.code, error instanceof LedgerError ? error.detail : error.message, error.field);
}

/** Turns a ledger failure (typed at the ledger boundary) into the API's error. */
export function httpErrorFromLedger(failure: LedgerFailure): HttpError {
    switch (failure.kind) {
        case 'chaincode':
            if (failure.code === undefined) {
                return new HttpError(500, 'INTERNAL', `ledger refused the transaction: ${failure.message}`);
            }
            return HttpError.of(failure.code, failure.reason, failure.field);
        case 'mvcc-conflict':
            return HttpError.of('MVCC_READ_CONFLICT', 'a concurrent transaction changed the same record; retry');
        case 'endorsement-policy':
            return HttpError.of('ENDORSEMENT_POLICY', failure.message);
        case 'not-found':
            return HttpError.of('NOT_FOUND', failure.message);
        case 'unavailable':
            return HttpError.unavailable('ledger', `the ledger is unreachable: ${failure.message}`);
    }
}
