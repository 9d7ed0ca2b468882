import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from './config';

/**
 * Fastify constructor options the gateway relies on (server.ts, tests and benchmarks all use these):
 * unknown body properties are refused rather than silently dropped, the body limit comes from config, and
 * start-up may take up to two minutes.
 */
export function fastifyOptions(
    config: GatewayConfig,
    logger: FastifyBaseLogger,
): FastifyServerOptions & { loggerInstance: FastifyBaseLogger } {
    return {
        loggerInstance: logger,
        bodyLimit: config.bodyLimit,
        requestTimeout: 10 * 60 * 1000,
        // Start-up opens the ledger (the embedded one replays and verifies its whole chain) and the index; on a
        // loaded machine that takes longer than Fastify's 10 s default, which would abort a healthy start.
        pluginTimeout: 120_000,
        ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    };
}
