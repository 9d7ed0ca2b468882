import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../../platform/auth/plugin';
import { commonErrors, ErrorRef } from '../../../platform/http/schemas';
import { SERVICE_VIEWER_ROLES, viewerOf } from '../access';
import { buildCertificate } from '../certificate';
import { renderCertificateHtml } from '../certificate-html';
import type { ServiceDesk } from '../desk';
import { LegalService, ServiceEvent, ServiceParams, ServiceView } from '../schemas';
import { wantsHtml } from './negotiation';

const Certificate = Type.Object({
    certificate: Type.Literal('court-ledger service certificate'),
    version: Type.Literal(1),
    generatedAt: Type.String({ format: 'date-time' }),
    ledger: Type.Object({ mode: Type.String(), channel: Type.String() }),
    service: Type.Omit(ServiceView, ['events', 'legalService']),
    events: Type.Array(ServiceEvent),
    legalService: Type.Object({
        ...LegalService.properties,
        when: Type.String({ description: 'what the deciding rule says' }),
        source: Type.String({ description: 'the instruments the rule applies: name, year, article' }),
    }),
});

/** `GET /v1/services/{id}/certificate`: JSON, or a printable HTML page with `Accept: text/html`. */
const certificateRoutes: FastifyPluginCallbackTypebox<{ desk: ServiceDesk }> = (fastify, { desk }, done) => {
    const { index, ledger } = fastify;

    fastify.get(
        '/v1/services/:id/certificate',
        {
            schema: {
                summary:
                    'Certificate of service: the facts, every event with its transaction and block, the legal date',
                tags: ['service'],
                security: [{ bearer: [] }],
                params: ServiceParams,
                produces: ['application/json', 'text/html'],
                response: {
                    200: {
                        content: {
                            'application/json': { schema: Certificate },
                            'text/html': { schema: Type.String({ description: 'printable page' }) },
                        },
                    },
                    404: ErrorRef,
                    ...commonErrors,
                },
            },
            onRequest: fastify.authorize(SERVICE_VIEWER_ROLES),
        },
        async (request, reply) => {
            const actor = actorOf(request);
            await viewerOf(index.db, fastify.pepper, actor, request.params.id);
            const view = await desk.view(actor, request.params.id);
            const certificate = buildCertificate(view, ledger);
            if (wantsHtml(request.headers.accept)) {
                return reply.type('text/html; charset=utf-8').send(renderCertificateHtml(certificate));
            }
            return reply.type('application/json').send(certificate);
        },
    );
    done();
};

export default certificateRoutes;
