import '@court-ledger/ledger-embedded/quiet-fabric-logs';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import enforcementRoutes from './features/enforcement/routes';
import guaranteesRoutes from './features/guarantees/routes';
import authPlugin from './platform/auth/plugin';
import docsPlugin from './platform/ops/docs';
import digestsPlugin from './platform/http/digests-plugin';
import errorsPlugin from './platform/http/error-plugin';
import idempotencyPlugin from './platform/http/idempotency-plugin';
import metricsPlugin from './platform/ops/metrics';
import servicesPlugin, { type ServicesPluginOptions } from './services-plugin';
import anchorRoutes from './features/anchoring/routes';
import evidenceRoutes from './features/evidence/routes';
import healthRoutes from './platform/ops/health';
import verifyRoutes from './features/verify/routes';
import serviceOfProcessRoutes from './features/service-of-process/routes';

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
    await typed.register(enforcementRoutes);
}

export default fp(app, { name: 'court-ledger' });
