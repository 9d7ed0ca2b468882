import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { LedgerError } from '@court-ledger/chaincode';
import { LedgerFailure } from '@court-ledger/ledger-api';
import { DomainError, HttpError, httpErrorFromDomain, httpErrorFromLedger } from './errors';
import {
    DocumentIntegrityError,
    DocumentNotFoundError,
    DocumentStoreUnavailableError,
} from '../documents/document-store';
import { ErrorResponse, SANE_DATE_RANGE, SANE_YEAR_PATTERN } from './schemas';

/** Connection-level failures of PostgreSQL (server gone, shutting down, refused). */
const DATABASE_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08006', '08001']);

function fieldOfValidation(error: FastifyError): string | undefined {
    const first = error.validation?.[0];
    if (first === undefined) {
        return undefined;
    }
    const missing = (first.params as { missingProperty?: unknown }).missingProperty;
    if (typeof missing === 'string') {
        return missing;
    }
    const pathField = first.instancePath.split('/').filter(Boolean).join('.');
    return pathField === '' ? error.validationContext : pathField;
}

/** An error the PostgreSQL server or PGlite reported (a SQLSTATE code and a severity). */
function isDatabaseError(error: unknown): boolean {
    const { code, severity } = error as { code?: unknown; severity?: unknown };
    return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/**
 * Errors of the multipart parser (busboy) on a malformed body: no boundary, truncated parts, bad headers.
 * They carry no code, only these messages; they are the client's fault (400), not ours.
 */
const MALFORMED_MULTIPART =
    /^(Multipart: Boundary not found|Unexpected end of (multipart data|form)|Malformed part header|.* terminated early due to unexpected end of multipart data)/;

function isMalformedMultipart(error: unknown): error is Error {
    return (
        error instanceof Error &&
        (error as { code?: unknown }).code === undefined &&
        MALFORMED_MULTIPART.test(error.message)
    );
}

function messageOfValidation(error: FastifyError): string {
    const first = error.validation?.[0];
    if (first?.keyword === 'finite') {
        return 'must be a finite number';
    }
    if (first?.keyword === 'pattern' && (first.params as { pattern?: unknown }).pattern === SANE_YEAR_PATTERN) {
        return SANE_DATE_RANGE;
    }
    // A union of literals (an enum): list what is allowed, not "must be equal to constant".
    const allowed = (error.validation ?? [])
        .filter((entry) => entry.keyword === 'const' && entry.instancePath === first?.instancePath)
        .map((entry) => String((entry.params as { allowedValue?: unknown }).allowedValue));
    if (first?.keyword === 'const' && allowed.length > 0) {
        return `must be one of: ${allowed.join(', ')}`;
    }
    return first?.message ?? 'is invalid';
}

/** Errors of the parts the gateway is made of, typed where they arise; undefined for anything else. */
function componentError(error: unknown): HttpError | undefined {
    if (error instanceof HttpError) {
        return error;
    }
    if (error instanceof DomainError || error instanceof LedgerError) {
        return httpErrorFromDomain(error);
    }
    if (error instanceof LedgerFailure) {
        return httpErrorFromLedger(error);
    }
    if (error instanceof DocumentIntegrityError) {
        // The fault is already recorded by the store's hook (component document-store).
        return new HttpError(
            500,
            'INTEGRITY_ERROR',
            'the stored document does not match the digest on the ledger; it is withheld and the fault recorded',
        );
    }
    if (error instanceof DocumentNotFoundError) {
        return HttpError.of('NOT_FOUND', 'this gateway holds no document with that digest', error.field);
    }
    if (error instanceof DocumentStoreUnavailableError) {
        return HttpError.unavailable('document-store', error.message);
    }
    return undefined;
}

/**
 * The one mapper from any error to the uniform JSON `{code, message, field?, component?}` with the right
 * status: typed errors of the ledger, the desks, the document store; Fastify's validation and body errors; the
 * database's.
 */
export function toHttpError(error: unknown): HttpError {
    const typed = componentError(error);
    if (typed !== undefined) {
        return typed;
    }
    if (isMalformedMultipart(error)) {
        return new HttpError(400, 'MALFORMED_MULTIPART', `malformed multipart body: ${error.message}`, 'body');
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation !== undefined) {
        const field = fieldOfValidation(fastifyError);
        // Digest fields get their own code, like the chaincode's INVALID_DIGEST.
        const code =
            field !== undefined && /(^|\.)(digest|sha256|sm3|digests)$/.test(field)
                ? 'INVALID_DIGEST'
                : 'INVALID_ARGUMENT';
        return new HttpError(400, code, `${field ?? 'request'} ${messageOfValidation(fastifyError)}`, field);
    }
    switch (fastifyError.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
        case 'FST_REQ_FILE_TOO_LARGE':
        case 'FST_FILES_LIMIT':
        case 'FST_PARTS_LIMIT':
        case 'FST_FIELDS_LIMIT':
            return new HttpError(413, 'PAYLOAD_TOO_LARGE', fastifyError.message);
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
            return new HttpError(415, 'INVALID_ARGUMENT', fastifyError.message, 'content-type');
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
            return new HttpError(400, 'INVALID_ARGUMENT', fastifyError.message, 'body');
        default:
            break;
    }
    if (DATABASE_DOWN.has(fastifyError.code)) {
        return HttpError.unavailable('database', 'the index database is unreachable');
    }
    if (isDatabaseError(error)) {
        // Any other database failure (a damaged index, a missing table): the index cannot answer, not a bug here.
        return HttpError.unavailable('database', 'the index database failed to answer');
    }
    if (
        typeof fastifyError.statusCode === 'number' &&
        fastifyError.statusCode >= 400 &&
        fastifyError.statusCode < 500
    ) {
        return new HttpError(fastifyError.statusCode, 'INVALID_ARGUMENT', fastifyError.message);
    }
    return new HttpError(500, 'INTERNAL', 'internal error');
}

/** Sends an {@link HttpError} as the uniform error body. */
export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
    if (error.retryAfterSeconds !== undefined) {
        void reply.header('retry-after', String(error.retryAfterSeconds));
    }
    const body: ErrorResponse = { code: error.code, message: error.message };
    if (error.field !== undefined) {
        body.field = error.field;
    }
    if (error.component !== undefined) {
        body.component = error.component;
    }
    return reply.code(error.statusCode).type('application/json').send(body);
}

function errorsPlugin(fastify: FastifyInstance, _options: unknown, done: (error?: Error) => void): void {
    fastify.addSchema(ErrorResponse);
    fastify.setErrorHandler((error, request, reply) => {
        const httpError = toHttpError(error);
        if (httpError.component !== undefined) {
            // Art. 40: record the outage (once per component) so /v1/status shows it until a probe succeeds.
            void request.server.faults.failed(httpError.component, httpError.message);
        }
        if (httpError.statusCode >= 500) {
            request.log.error({ err: error }, 'request failed');
        }
        return sendError(reply, httpError);
    });
    fastify.setNotFoundHandler((request, reply) =>
        sendError(reply, new HttpError(404, 'NOT_FOUND', `no route ${request.method} ${request.url}`)),
    );
    done();
}

export default fp(errorsPlugin, { name: 'errors' });
