import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from '../../config';

/** The `finite` keyword: a number that is not ±Infinity (see `FiniteInteger` in schemas.ts). */
interface FiniteKeywordDefinition {
    keyword: 'finite';
    schemaType: 'boolean';
    validate: (schema: boolean, data: unknown) => boolean;
}

export function finiteKeyword<A extends { addKeyword(definition: FiniteKeywordDefinition): unknown }>(ajv: A): A {
    ajv.addKeyword({
        keyword: 'finite',
        schemaType: 'boolean',
        // Not restricted to `type: 'number'`: Ajv runs number keywords only on finite numbers.
        validate: (schema: boolean, data: unknown) => !schema || typeof data !== 'number' || Number.isFinite(data),
    });
    return ajv;
}

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
        // Start-up opens the ledger and the index before the app is built (gateway.ts); this bound is only a
        // safety net for plugins on a loaded machine, where Fastify's 10 s default has aborted healthy starts.
        pluginTimeout: 120_000,
        ajv: {
            customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
            plugins: [finiteKeyword],
        },
    };
}
