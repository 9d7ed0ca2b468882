import './quiet-fabric-logs';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import guaranteesRoutes from './guarantees/routes';
import authPlugin from './plugins/auth';
import docsPlugin from './plugins/docs';
import digestsPlugin from './plugins/digests';
import errorsPlugin from './plugins/errors';
import idempotencyPlugin from './plugins/idempotency';
import metricsPlugin from './plugins/metrics';
import servicesPlugin, { type ServicesPluginOptions } from './plugins/services';
import anchorRoutes from './routes/anchors';
import evidenceRoutes from './routes/evidence';
import healthRoutes from './routes/health';
import verifyRoutes from './routes/verify';
import serviceOfProcessRoutes from './service-of-process/routes';

export type AppOptions = ServicesPluginOptions;

/**
 * The gateway as a Fastify plugin: register it on any Fastify instance (server.ts does; tests use inject()).
 */
async function app(fastify: FastifyInstance, options: AppOptions): Promise<void> {
    await fastify.register(errorsPlugin);
    await fastify.register(docsPlugin);
    await fastify.register(metricsPlugin);
    await fastify.register(servicesPlugin, options);
    await fastify.register(authPlugin);
    await fastify.register(idempotencyPlugin);
    await fastify.register(digestsPlugin);
    await fastify.register(multipart, {
        limits: { fileSize: options.config.uploadLimit, files: 1, fields: 16, fieldSize: 64 * 1024 },
    });
    const typed = fastify.withTypeProvider<TypeBoxTypeProvider>();
    await typed.register(healthRoutes);
    await typed.register(evidenceRoutes);
    await typed.register(verifyRoutes);
    await typed.register(anchorRoutes);
    await typed.register(serviceOfProcessRoutes);
    await typed.register(guaranteesRoutes);
}

export default fp(app, { name: 'court-ledger' });
