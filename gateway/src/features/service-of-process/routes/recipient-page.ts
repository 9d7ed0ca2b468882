import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { commonErrors, ErrorRef } from '../../../platform/http/schemas';
import { wantsHtml } from '../../../platform/web/negotiate';
import { SERVICE_VIEWER_ROLES } from '../access';
import type { ServiceDesk } from '../desk';
import { renderRecipientPageHtml } from '../recipient-page-html';
import { ServiceParams, ServiceView } from '../schemas';
import { viewService } from './service';

/** A browser that followed the e-mailed link: asks for HTML and carries no token. */
function signedOutBrowser(request: FastifyRequest): boolean {
    return request.headers.authorization === undefined && wantsHtml(request.headers.accept);
}

/**
 * `GET /services/{id}`, the link e-mailed to a recipient: a browser without a token gets a short page saying a
 * document awaits them and how to sign in (no lookup, nothing about the case); with a token, or asking for JSON,
 * it answers exactly like `GET /v1/services/{id}`.
 */
const recipientPageRoutes: FastifyPluginCallbackTypebox<{ desk: ServiceDesk }> = (fastify, { desk }, done) => {
    const { config, index } = fastify;
    const authorize = fastify.authorize(SERVICE_VIEWER_ROLES);

    fastify.get(
        '/services/:id',
        {
            schema: {
                summary: 'The recipient’s link: a sign-in page in a browser, else the service as GET /v1/services/{id}',
                tags: ['service'],
                security: [{}, { bearer: [] }],
                params: ServiceParams,
                produces: ['text/html', 'application/json'],
                response: {
                    200: {
                        content: {
                            'text/html': { schema: Type.String({ description: 'page for a signed-out browser' }) },
                            'application/json': { schema: ServiceView },
                        },
                    },
                    404: ErrorRef,
                    409: ErrorRef,
                    ...commonErrors,
                },
            },
            async onRequest(request, reply) {
                if (!signedOutBrowser(request)) {
                    await authorize.call(this, request, reply);
                }
            },
        },
        async (request, reply) => {
            if (signedOutBrowser(request)) {
                return reply
                    .type('text/html; charset=utf-8')
                    .send(renderRecipientPageHtml(request.params.id, config.publicUrl));
            }
            const services = { db: index.db, pepper: fastify.pepper };
            const view = await viewService(desk, services, request, request.params.id);
            return reply.type('application/json').send(view);
        },
    );
    done();
};

export default recipientPageRoutes;
