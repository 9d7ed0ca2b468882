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

async function docsPlugin(fastify: FastifyInstance): Promise<void> {
    await fastify.register(swagger, {
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
