import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../../platform/auth/plugin';
import { documentFileOf, downloadHeaders } from '../../../platform/documents/document-files';
import { commonErrors, ErrorRef } from '../../../platform/http/schemas';
import { SERVICE_VIEWER_ROLES, viewerOf } from '../access';
import type { ServiceDesk } from '../desk';
import { ServiceParams } from '../schemas';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the document bytes' });

/** `GET /v1/services/{id}/document`: the served document, integrity-checked; a recipient's download is recorded. */
const documentRoutes: FastifyPluginCallbackTypebox<{ desk: ServiceDesk }> = (fastify, { desk }, done) => {
    const { documents, index } = fastify;

    fastify.get(
        '/v1/services/:id/document',
        {
            schema: {
                summary: 'Download the served document (recipient or court)',
                description:
                    'The bytes are checked against the digest on the ledger before they are sent; a mismatch is ' +
                    '500 `INTEGRITY_ERROR` and nothing is served. A download by the recipient records `downloaded`. ' +
                    'Served as the media type it was uploaded with, as an attachment named as it was uploaded ' +
                    '(`filename*` in UTF-8 for a Chinese name), else as the service id.',
                tags: ['service'],
                security: [{ bearer: [] }],
                params: ServiceParams,
                response: {
                    200: { content: { '*/*': { schema: Binary } } },
                    404: ErrorRef,
                    409: ErrorRef,
                    ...commonErrors,
                },
            },
            onRequest: fastify.authorize(SERVICE_VIEWER_ROLES),
        },
        async (request, reply) => {
            const actor = actorOf(request);
            const { id } = request.params;
            const viewer = await viewerOf(index.db, fastify.pepper, actor, id);
            const record = await desk.client.get(actor, id);
            const document = await documents.read(record.document.sha256);
            if (viewer === 'recipient') {
                try {
                    await desk.record(actor, id, 'downloaded');
                } catch (error) {
                    if (!Buffer.isBuffer(document.body)) {
                        document.body.destroy();
                    }
                    throw error;
                }
            }
            const file = await documentFileOf(index.db, id, document.sha256);
            return reply
                .headers({ ...(await downloadHeaders(file, id)) })
                .header('content-length', String(document.size))
                .header('x-document-sha256', document.sha256)
                .send(document.body);
        },
    );
    done();
};

export default documentRoutes;
