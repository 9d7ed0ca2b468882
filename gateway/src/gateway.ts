import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify';
import pino from 'pino';
import app from './app';
import type { GatewayConfig } from './config';
import { fastifyOptions } from './platform/http/server-options';
import { createServices, type ServiceOverrides } from './services';

// The shared services' decorations (`fastify.ledger`, `fastify.index`, …) come with the platform plugin.
export type { PlatformServices } from './platform/plugins';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
    /** pino level of the gateway's log (default: the configured `LOG_LEVEL`). */
    readonly logLevel?: string;
    /** Where log lines go (default stdout). */
    readonly logDestination?: pino.DestinationStream;
    /** Pieces to inject instead of building them from the config (tests). */
    readonly overrides?: ServiceOverrides;
    /** Hands the app's request handler to a server that already listens (server.ts answers while starting). */
    readonly serverFactory?: FastifyServerFactory;
}

/**
 * Builds the gateway: first the shared services (ledger, index database, migrations, the index checked against
 * the ledger; the projector's catch-up keeps running in the background), then the Fastify app around them,
 * whose feature plugins build and start their own parts (the anchoring batcher, …), ready to listen. server.ts, the tests and the benchmarks all start the gateway this way.
 */
export async function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<FastifyInstance> {
    const loggerOptions = { level: options.logLevel ?? config.logLevel };
    const log =
        options.logDestination === undefined ? pino(loggerOptions) : pino(loggerOptions, options.logDestination);
    const services = await createServices(config, log, options.overrides);
    const fastify = Fastify({
        ...fastifyOptions(config, log),
        ...(options.serverFactory === undefined ? {} : { serverFactory: options.serverFactory }),
    });
    try {
        await fastify.register(app, { services });
        await fastify.ready();
    } catch (error) {
        // Runs the onClose hooks of the plugins that loaded (a feature's batcher stops), then the services close.
        await fastify.close().catch(() => undefined);
        await services.close().catch(() => undefined);
        throw error;
    }
    return fastify;
}
