import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../../platform/http/errors';
import { actorOf } from '../../../platform/auth/plugin';
import { commonErrors, ErrorRef } from '../../../platform/http/schemas';
import { SERVICE_VIEWER_ROLES, viewerOf } from '../access';
import type { ServiceDesk } from '../desk';
import type { Pepper } from '../../../platform/pseudonyms/pepper';
import type { SqlExecutor } from '../../../platform/store/db';
import { Detail, IsoTime, RecordableEventSchema, ServiceParams, ServiceView, type ServiceViewBody } from '../schemas';

const EventBody = Type.Object(
    {
        type: RecordableEventSchema,
        at: Type.Optional(Type.Intersect([IsoTime], { description: 'when it happened (default: now)' })),
        detail: Type.Optional(Detail),
    },
    { additionalProperties: false },
);

const AcknowledgeBody = Type.Object(
    {
        signature: Type.Optional(
            Type.String({
                maxLength: 128,
                pattern: '^[A-Za-z0-9+/]+={0,2}$',
                description: 'base64 DER ECDSA P-256/SHA-256 over {"acknowledgedAt","documentDigest","serviceId"}',
            }),
        ),
        acknowledgedAt: Type.Optional(
            Type.Intersect([IsoTime], { description: 'the time in the signed statement (default: now)' }),
        ),
    },
    { additionalProperties: false },
);

const errors = { 404: ErrorRef, 409: ErrorRef, ...commonErrors };

/**
 * A service as its authorized viewer sees it (court staff any, a recipient only their own); the recipient's first
 * look records `read`. Shared by `GET /v1/services/{id}` and the recipient's link `GET /services/{id}`.
 */
export async function viewService(
    desk: ServiceDesk,
    { db, pepper }: { readonly db: SqlExecutor; readonly pepper: Pepper },
    request: FastifyRequest,
    serviceId: string,
): Promise<ServiceViewBody> {
    const actor = actorOf(request);
    const viewer = await viewerOf(db, pepper, actor, serviceId);
    return desk.view(actor, serviceId, viewer === 'recipient');
}

/** `GET /v1/services/{id}`, `POST /v1/services/{id}/events`, `POST /v1/services/{id}/acknowledge`. */
const serviceRoutes: FastifyPluginCallbackTypebox<{ desk: ServiceDesk }> = (fastify, { desk }, done) => {
    const { index } = fastify;

    fastify.get(
        '/v1/services/:id',
        {
            schema: {
                summary: 'A service with every event (transaction, block) and its legal date of service',
                description:
                    'Court staff see every service, a recipient only their own; the first look by the recipient records `read`.',
                tags: ['service'],
                security: [{ bearer: [] }],
                params: ServiceParams,
                response: { 200: ServiceView, ...errors },
            },
            onRequest: fastify.authorize(SERVICE_VIEWER_ROLES),
        },
        async (request) => viewService(desk, { db: index.db, pepper: fastify.pepper }, request, request.params.id),
    );

    fastify.post(
        '/v1/services/:id/events',
        {
            schema: {
                summary: 'Record a service event',
                description:
                    'Court staff record `sent`, `delivered`, `delivery-failed`, `cancelled`; the recipient ' +
                    '`read`, `downloaded`, `replied`. Nothing is accepted after `cancelled` (409). `detail` stays with the court: the ledger holds only its salted SHA-256.',
                tags: ['service'],
                security: [{ bearer: [] }],
                params: ServiceParams,
                body: EventBody,
                response: { 200: ServiceView, ...errors },
            },
            onRequest: fastify.authorize(SERVICE_VIEWER_ROLES),
        },
        async (request) => {
            const actor = actorOf(request);
            await viewerOf(index.db, fastify.pepper, actor, request.params.id);
            const { type, at, detail } = request.body;
            return desk.record(actor, request.params.id, type, at, detail);
        },
    );

    fastify.post(
        '/v1/services/:id/acknowledge',
        {
            schema: {
                summary: 'The recipient acknowledges service (signed, or attested by the portal login)',
                description:
                    'With `signature`, also send the `acknowledgedAt` that was signed. Once a key is registered for ' +
                    'the recipient a valid signature is required (`INVALID_SIGNATURE`).',
                tags: ['service'],
                security: [{ bearer: [] }],
                params: ServiceParams,
                body: AcknowledgeBody,
                response: { 200: ServiceView, ...errors },
            },
            onRequest: fastify.authorize(['party', 'agent']),
        },
        async (request) => {
            const actor = actorOf(request);
            await viewerOf(index.db, fastify.pepper, actor, request.params.id);
            const { signature, acknowledgedAt } = request.body;
            if (signature !== undefined && acknowledgedAt === undefined) {
                throw new HttpError(
                    400,
                    'INVALID_ARGUMENT',
                    'a signature needs the acknowledgedAt it signed',
                    'acknowledgedAt',
                );
            }
            return desk.acknowledge(actor, request.params.id, acknowledgedAt ?? new Date().toISOString(), signature);
        },
    );
    done();
};

export default serviceRoutes;
