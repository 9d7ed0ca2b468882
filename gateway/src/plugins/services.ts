import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config';
import { createServices, type CourtServices, type ServiceOverrides } from '../services';

declare module 'fastify' {
    interface FastifyInstance {
        court: CourtServices;
    }
}

export interface ServicesPluginOptions extends ServiceOverrides {
    readonly config: GatewayConfig;
}

async function servicesPlugin(fastify: FastifyInstance, options: ServicesPluginOptions): Promise<void> {
    const services = await createServices(options.config, fastify.log, options);
    fastify.decorate('court', services);
    fastify.addHook('onClose', async () => {
        await services.close();
    });
}

export default fp(servicesPlugin, { name: 'services' });
