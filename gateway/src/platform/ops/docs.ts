import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The gateway package's version (gateway/package.json, four folders above dist/src/platform/ops). */
export const GATEWAY_VERSION = (
    JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
        version: string;
    }
).version;

/** The documented body of an upload: one `file` part (Swagger UI then offers a file picker). */
const FILE_PART = {
    type: 'object',
    properties: { file: { type: 'string', format: 'binary', description: 'the file' } },
    required: ['file'],
};

/**
 * Documents the multipart body of routes that consume only `multipart/form-data` and declare no body (the
 * route reads the stream itself, so nothing is validated): for the OpenAPI document only.
 */
function documentUploads<T extends { schema: unknown }>(route: T): T {
    const schema = route.schema as { consumes?: readonly string[]; body?: unknown } | undefined;
    const upload = schema?.consumes?.length === 1 && schema.consumes[0] === 'multipart/form-data';
    return upload && schema.body === undefined ? { ...route, schema: { ...schema, body: FILE_PART } } : route;
}

async function docsPlugin(fastify: FastifyInstance): Promise<void> {
    await fastify.register(swagger, {
        transform: documentUploads,
        openapi: {
            openapi: '3.1.0',
            info: {
                title: 'court-ledger gateway',
                description:
                    'Anchor and verify evidence, batches of hashes and their receipts on the court ledger. ' +
                    'Authenticate with `Authorization: Bearer <token>`; `/v1/verify` is public.',
                version: GATEWAY_VERSION,
            },
            components: {
                securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
            },
        },
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs' });
}

export default fp(docsPlugin, { name: 'docs' });
