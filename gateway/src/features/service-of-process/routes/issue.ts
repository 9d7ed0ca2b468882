import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { COURT_ROLES } from '../../../platform/auth/roles';
import { HttpError } from '../../../platform/http/errors';
import { readMultipart } from '../../../platform/http/multipart';
import { actorOf } from '../../../platform/auth/plugin';
import { commonErrors, ErrorRef, Hex64, PrincipalId } from '../../../platform/http/schemas';
import type { ServiceDesk } from '../desk';
import type { DocumentStore, StagedDocument, StoredDocument } from '../../../platform/documents/document-store';
import { keepDocumentFile, uploadedFile, type DocumentFile } from '../../../platform/documents/document-files';
import { Address, ChannelSchema, Dispatch, DocumentTypeSchema, ServiceView } from '../schemas';

const IssueBody = Type.Object(
    {
        caseId: Type.String({ minLength: 1, maxLength: 64 }),
        documentType: DocumentTypeSchema,
        recipient: Type.Intersect([PrincipalId], { description: "the recipient's principal id (sub)" }),
        channel: ChannelSchema,
        address: Type.Optional(Address),
        addressConfirmed: Type.Boolean({ description: 'the recipient designated or confirmed this address' }),
        documentDigest: Type.Intersect([Hex64], { description: 'SHA-256 of a document already stored here' }),
    },
    { additionalProperties: false },
);
type IssueBody = Static<typeof IssueBody>;

const IssueResponse = Type.Object({ ...ServiceView.properties, dispatch: Dispatch });

const EMAIL_ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/**
 * The document uploaded by this request's multipart body, staged until the issue transaction committed;
 * discarded when the request ends otherwise.
 */
const uploads = new WeakMap<FastifyRequest, StagedDocument>();

/** What the multipart body said about its document (media type, file name): kept once the service is issued. */
const described = new WeakMap<FastifyRequest, DocumentFile>();

/** Stages the multipart `document` part (streamed, hashed) and turns the fields into the JSON body shape. */
async function multipartToBody(
    request: FastifyRequest,
    uploadLimit: number,
    documents: DocumentStore,
): Promise<Record<string, unknown>> {
    const upload = await readMultipart(request, {
        filePart: 'document',
        uploadLimit,
        onFile: async (file) => {
            const staged = await documents.stage(file);
            uploads.set(request, staged);
            if (file.truncated) {
                throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `document exceeds ${uploadLimit} bytes`, 'document');
            }
            return staged;
        },
    });
    described.set(request, uploadedFile(upload));
    const body: Record<string, unknown> = { ...upload.fields, documentDigest: upload.file.sha256 };
    if (body.addressConfirmed === 'true' || body.addressConfirmed === 'false') {
        body.addressConfirmed = body.addressConfirmed === 'true';
    }
    return body;
}

/** The address to serve at: required (and an e-mail address for `email`) except on the platform channel. */
function addressFor(body: IssueBody): string {
    if (body.address === undefined) {
        if (body.channel !== 'platform') {
            throw new HttpError(400, 'INVALID_ARGUMENT', `channel ${body.channel} needs an address`, 'address');
        }
        return 'platform-inbox';
    }
    if (body.channel === 'email' && !EMAIL_ADDRESS.test(body.address)) {
        throw new HttpError(400, 'INVALID_ARGUMENT', 'address must be an e-mail address for channel email', 'address');
    }
    return body.address;
}

/** `POST /v1/services`: store the document, issue the service, dispatch it through its channel. */
const issueRoutes: FastifyPluginCallbackTypebox<{ desk: ServiceDesk }> = (fastify, { desk }, done) => {
    const { config, documents, index } = fastify;

    fastify.post(
        '/v1/services',
        {
            schema: {
                summary: 'Serve a document (multipart `document` + fields, or JSON with `documentDigest`)',
                description:
                    'Stores the document (content-addressed), issues the service on the ledger with the recipient ' +
                    'and address only in the private collection, sends it through the channel and records the ' +
                    'outcome (`sent` + `delivered`, or `delivery-failed`). The uploaded file’s media type and name ' +
                    'are kept by the gateway (never on the ledger) and name the download.',
                tags: ['service'],
                security: [{ bearer: [] }],
                body: IssueBody,
                response: { 201: IssueResponse, 404: ErrorRef, 409: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(COURT_ROLES),
            preValidation: async (request) => {
                if (request.isMultipart()) {
                    request.body = (await multipartToBody(request, config.uploadLimit, documents)) as IssueBody;
                }
            },
            onResponse: async (request) => {
                await uploads.get(request)?.discard();
            },
        },
        async (request, reply) => {
            const { body } = request;
            const address = addressFor(body);
            const upload = uploads.get(request);
            const document: StoredDocument = upload ?? (await documents.inspect(body.documentDigest, 'documentDigest'));
            const { view, dispatch } = await desk.issue(actorOf(request), {
                caseId: body.caseId,
                documentType: body.documentType,
                recipientSub: body.recipient,
                channel: body.channel,
                address,
                addressConfirmed: body.addressConfirmed,
                document,
                ...(upload === undefined ? {} : { afterIssued: upload.commit }),
            });
            const file = described.get(request);
            if (upload !== undefined && file !== undefined) {
                await keepDocumentFile(index.db, view.serviceId, upload.sha256, file);
            }
            return reply.code(201).send({ ...view, dispatch });
        },
    );
    done();
};

export default issueRoutes;
