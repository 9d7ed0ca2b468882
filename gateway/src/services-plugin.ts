import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayConfig } from './config';
import type { CourtServices } from './services';

declare module 'fastify' {
    interface FastifyInstance {
        court: CourtServices;
    }
}

export interface ServicesPluginOptions {
    readonly config: GatewayConfig;
    /** The services, built by `createServices` before the app (opening them can outlast a plugin timeout). */
    readonly services: CourtServices;
}

/** Decorates the app with the services and closes them with it. */
function servicesPlugin(fastify: FastifyInstance, options: ServicesPluginOptions, done: (error?: Error) => void): void {
    const { services } = options;
    fastify.decorate('court', services);
    fastify.addHook('onClose', async () => {
        await services.close();
    });
    done();
}

export default fp(servicesPlugin, { name: 'services' });
