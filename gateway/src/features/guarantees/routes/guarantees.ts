import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { COURT_ROLES } from '../../../platform/auth/roles';
import { HttpError } from '../../../platform/http/errors';
import { readMultipart } from '../../../platform/http/multipart';
import { actorOf } from '../../../platform/auth/plugin';
import { commonErrors, ErrorRef } from '../../../platform/http/schemas';
import type { DocumentStore, StagedDocument } from '../../../platform/documents/document-store';
import {
    documentFileOf,
    downloadHeaders,
    keepDocumentFile,
    uploadedFile,
    type DocumentFile,
} from '../../../platform/documents/document-files';
import { GUARANTEE_ACTOR_ROLES, READER_ROLES } from '../access';
import { guaranteeParams } from '../actions';
import type { GuaranteeDesk } from '../desk';
import {
    ApplyGuaranteeBody,
    CheckQuery,
    CheckResult,
    GuaranteeActionBody,
    GuaranteeParams,
    GuaranteeView,
    LETTER_ACTIONS,
} from '../schemas';

const errors = { 404: ErrorRef, 409: ErrorRef, ...commonErrors };

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the letter document' });

/**
 * Letter documents uploaded by a request's multipart body, staged until the ledger write that references them
 * committed; discarded when the request ends otherwise.
 */
const uploaded = new WeakMap<FastifyRequest, StagedDocument>();

/** What the multipart body said about its letter (media type, file name): kept once the action committed. */
const described = new WeakMap<FastifyRequest, DocumentFile>();

/**
 * Stores the multipart `letter` part (streamed, hashed, content-addressed) and turns the fields into the JSON
 * body shape with `documentDigest` = the staged letter's SHA-256. Only an agency issues or amends, so no
 * other role gets to store a file.
 */
async function multipartToBody(
    request: FastifyRequest,
    limit: number,
    documents: DocumentStore,
): Promise<Record<string, unknown>> {
    const actor = actorOf(request);
    if (actor.role !== 'agency') {
        throw new HttpError(403, 'FORBIDDEN_ROLE', `role ${actor.role} may not issue or amend a letter`, 'role');
    }
    const upload = await readMultipart(request, {
        filePart: 'letter',
        uploadLimit: limit,
        onFile: async (file) => {
            const staged = await documents.stage(file);
            uploaded.set(request, staged);
            if (file.truncated) {
                throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `letter exceeds ${limit} bytes`, 'letter');
            }
            return staged;
        },
    });
    const action = upload.fields.action;
    if (action === undefined || !(LETTER_ACTIONS as readonly string[]).includes(action)) {
        throw new HttpError(400, 'INVALID_ARGUMENT', 'a letter document goes with action issue or amend', 'letter');
    }
    described.set(request, uploadedFile(upload));
    return { ...upload.fields, documentDigest: upload.file.sha256 };
}

/**
 * `POST /v1/guarantees`, `POST /v1/guarantees/{id}/actions`, `GET /v1/guarantees/{id}`,
 * `GET /v1/guarantees/{id}/letter`, `GET /v1/guarantees/{id}/check`.
 */
const guaranteeRoutes: FastifyPluginCallbackTypebox<{ desk: GuaranteeDesk }> = (fastify, { desk }, done) => {
    const { config, documents, index } = fastify;

    fastify.post(
        '/v1/guarantees',
        {
            schema: {
                summary: 'Apply for a letter of guarantee for a preservation application (its applicant)',
                description: 'Times are ISO 8601 with a zone; they are stored as UTC with milliseconds.',
                tags: ['guarantee'],
                security: [{ bearer: [] }],
                body: ApplyGuaranteeBody,
                response: { 201: GuaranteeView, ...errors },
            },
            onRequest: fastify.authorize(['party', 'agent']),
        },
        async (request, reply) => {
            return reply.code(201).send(await desk.applyForGuarantee(actorOf(request), request.body));
        },
    );

    fastify.post(
        '/v1/guarantees/:id/actions',
        {
            schema: {
                summary: 'Act on a letter of guarantee (JSON, or multipart with the `letter` for issue/amend)',
                description:
                    'The letter’s agency: `approve`, `reject`, `pay` {amount?}, `issue` and `amend` {amount?, ' +
                    'validTo?} (multipart part `letter`, or JSON `documentDigest` of a stored letter), `settle`; ' +
                    'the court: `consent-cancel`, `claim`, `release`; the applicant: `cancel` (after issue only ' +
                    'with the court’s consent). Every change is endorsed by AgencyMSP and CourtMSP.',
                tags: ['guarantee'],
                security: [{ bearer: [] }],
                params: GuaranteeParams,
                body: GuaranteeActionBody,
                response: { 200: GuaranteeView, ...errors },
            },
            onRequest: fastify.authorize(GUARANTEE_ACTOR_ROLES),
            preValidation: async (request) => {
                if (request.isMultipart()) {
                    request.body = (await multipartToBody(
                        request,
                        config.uploadLimit,
                        documents,
                    )) as GuaranteeActionBody;
                }
            },
            onResponse: async (request) => {
                await uploaded.get(request)?.discard();
            },
        },
        async (request) => {
            const { body } = request;
            const params = guaranteeParams(body);
            const upload = uploaded.get(request);
            if (body.documentDigest !== undefined && upload === undefined) {
                await documents.inspect(body.documentDigest, 'documentDigest');
            }
            const { id } = request.params;
            const view = await desk.actOnGuarantee(actorOf(request), id, body.action, params, upload?.commit);
            const file = described.get(request);
            if (upload !== undefined && file !== undefined) {
                await keepDocumentFile(index.db, id, upload.sha256, file);
            }
            return view;
        },
    );

    fastify.get(
        '/v1/guarantees/:id',
        {
            schema: {
                summary: 'A letter of guarantee: record, version history, every step with its transaction and block',
                description: '`effectiveStatus` is `expired` once an issued or amended letter is past validTo.',
                tags: ['guarantee'],
                security: [{ bearer: [] }],
                params: GuaranteeParams,
                response: { 200: GuaranteeView, ...errors },
            },
            onRequest: fastify.authorize(READER_ROLES),
        },
        async (request) => desk.guarantee(actorOf(request), request.params.id),
    );

    fastify.get(
        '/v1/guarantees/:id/letter',
        {
            schema: {
                summary: 'Download the current letter document (applicant, the letter’s agency, court)',
                description:
                    'The bytes are checked against the digest on the ledger before they are sent; a mismatch is ' +
                    '500 `INTEGRITY_ERROR` and nothing is served. Served as the media type it was uploaded with, ' +
                    'as an attachment named as it was uploaded, else `<id>-v<version>`.',
                tags: ['guarantee'],
                security: [{ bearer: [] }],
                params: GuaranteeParams,
                response: {
                    200: { content: { '*/*': { schema: Binary } } },
                    ...errors,
                },
            },
            onRequest: fastify.authorize(READER_ROLES),
        },
        async (request, reply) => {
            const { id } = request.params;
            const { letter, document } = await desk.letter(actorOf(request), id);
            const file = await documentFileOf(index.db, id, document.sha256);
            return reply
                .headers({ ...(await downloadHeaders(file, `${id}-v${letter.document?.version ?? 0}`)) })
                .header('content-length', String(document.size))
                .header('x-document-sha256', document.sha256)
                .send(document.body);
        },
    );

    fastify.get(
        '/v1/guarantees/:id/check',
        {
            schema: {
                summary: 'The court’s check of a letter against a preservation application',
                description:
                    'Conditions: exists, issued, not-cancelled, not-released, not-claimed, not-expired, ' +
                    'bound-to-application, covers-security; `ok` when all pass.',
                tags: ['guarantee'],
                security: [{ bearer: [] }],
                params: GuaranteeParams,
                querystring: CheckQuery,
                response: { 200: CheckResult, ...errors },
            },
            onRequest: fastify.authorize(COURT_ROLES),
        },
        async (request) => desk.check(actorOf(request), request.params.id, request.query.applicationId),
    );
    done();
};

export default guaranteeRoutes;
