import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../../platform/auth/plugin';
import { commonErrors, ErrorRef, FiniteInteger, Pseudonym } from '../../../platform/http/schemas';
import type { ServiceDesk } from '../desk';
import { KeyRecord, ServiceView } from '../schemas';
import { servicesOfRecipient } from '../store';
import { serviceView } from '../views';

/** Recipient keys (court), a recipient's inbox and pseudonym. */
const recipientRoutes: FastifyPluginCallbackTypebox<{ desk: ServiceDesk }> = (fastify, { desk }, done) => {
    const { index, pepper, projector } = fastify;

    fastify.post(
        '/v1/recipients/:pseudonym/keys',
        {
            schema: {
                summary: "Register a recipient's signing key (ECDSA P-256, SPKI PEM) after identity checks",
                tags: ['service'],
                security: [{ bearer: [] }],
                params: Type.Object({ pseudonym: Pseudonym }),
                body: Type.Object(
                    { publicKeyPem: Type.String({ minLength: 1, maxLength: 1024 }) },
                    { additionalProperties: false },
                ),
                response: { 201: KeyRecord, ...commonErrors },
            },
            onRequest: fastify.authorize(['clerk', 'judge']),
        },
        async (request, reply) => {
            const { committed, record: key } = await desk.client.registerKey(
                actorOf(request),
                request.params.pseudonym,
                request.body.publicKeyPem,
            );
            await projector.waitFor(committed.blockNumber);
            return reply.code(201).send({ ...key, history: [...key.history], blockNumber: committed.blockNumber });
        },
    );

    fastify.get(
        '/v1/recipients/me/services',
        {
            schema: {
                summary: 'The services served on me (platform inbox), newest first',
                tags: ['service'],
                security: [{ bearer: [] }],
                querystring: Type.Object({
                    limit: Type.Optional(FiniteInteger({ minimum: 1, maximum: 200, default: 50 })),
                }),
                response: { 200: Type.Object({ services: Type.Array(ServiceView) }), 404: ErrorRef, ...commonErrors },
            },
            onRequest: fastify.authorize(['party', 'agent']),
        },
        async (request) => {
            // The inbox is the index's services under my pseudonym: what the ledger says, rebuilt with it.
            const pseudonym = fastify.pepper.pseudonym(actorOf(request).sub);
            const rows = await servicesOfRecipient(index.db, pseudonym, request.query.limit ?? 50);
            return {
                services: await Promise.all(rows.map((row) => serviceView(row.record, desk.blocks, desk.texts))),
            };
        },
    );

    fastify.get(
        '/v1/recipients/me/pseudonym',
        {
            schema: {
                summary: 'My recipient pseudonym (what the court registers my key under)',
                tags: ['service'],
                security: [{ bearer: [] }],
                response: { 200: Type.Object({ recipientPseudonym: Pseudonym }), ...commonErrors },
            },
            onRequest: fastify.authorize(['party', 'agent']),
        },
        (request) => ({ recipientPseudonym: pepper.pseudonym(actorOf(request).sub) }),
    );
    done();
};

export default recipientRoutes;
