import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from './config';

/**
 * Fastify constructor options the gateway relies on (server.ts, tests and benchmarks all use these):
 * unknown body properties are refused rather than silently dropped, and the body limit comes from config.
 */
export function fastifyOptions(
    config: GatewayConfig,
    logger: FastifyBaseLogger,
): FastifyServerOptions & { loggerInstance: FastifyBaseLogger } {
    return {
        loggerInstance: logger,
        bodyLimit: config.bodyLimit,
        requestTimeout: 10 * 60 * 1000,
        ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    };
}
