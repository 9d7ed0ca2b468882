import type { FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from './config';

/**
 * Fastify constructor options the gateway relies on (server.ts, tests and benchmarks all use these):
 * unknown body properties are refused rather than silently dropped, and the body limit comes from config.
 */
export function fastifyOptions(config: GatewayConfig, logger: FastifyServerOptions['logger']): FastifyServerOptions {
    return {
        logger,
        bodyLimit: config.bodyLimit,
        requestTimeout: 10 * 60 * 1000,
        ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
        // Opening the embedded PGlite index and the ledger takes longer than Fastify's 10 s default on a loaded
        // machine (PGlite alone measured at 16–19 s on the shared 2-core box); the server would exit instead.
        pluginTimeout: 120_000,
    };
}
