import type { FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from './config';

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
 * unknown body properties are refused rather than silently dropped, and the body limit comes from config.
 */
export function fastifyOptions(config: GatewayConfig, logger: FastifyServerOptions['logger']): FastifyServerOptions {
    return {
        logger,
        bodyLimit: config.bodyLimit,
        requestTimeout: 10 * 60 * 1000,
        // Opening the embedded ledger and PGlite (WASM) takes longer than Fastify's 10 s on a busy 2-core host.
        pluginTimeout: 5 * 60 * 1000,
        ajv: {
            customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
            plugins: [finiteKeyword],
        },
    };
}
