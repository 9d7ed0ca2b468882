import '@court-ledger/ledger-embedded/quiet-fabric-logs';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import anchoringPlugin from './features/anchoring/plugin';
import casesPlugin from './features/cases/plugin';
import enforcementPlugin from './features/enforcement/plugin';
import evidencePlugin from './features/evidence/plugin';
import guaranteesPlugin from './features/guarantees/plugin';
import notificationsPlugin from './features/notifications/plugin';
import recordingsPlugin from './features/recordings/plugin';
import serviceOfProcessPlugin from './features/service-of-process/plugin';
import verifyPlugin from './features/verify/plugin';
import webPlugin from './features/web/plugin';
import authPlugin from './platform/auth/plugin';
import digestsPlugin from './platform/http/digests-plugin';
import errorsPlugin from './platform/http/error-plugin';
import idempotencyPlugin from './platform/http/idempotency-plugin';
import healthRoutes from './platform/ops/health';
import docsPlugin from './platform/ops/docs';
import metricsPlugin from './platform/ops/metrics';
import platformPlugin, { type PlatformPluginOptions } from './platform/plugins';

export type AppOptions = PlatformPluginOptions;

/**
 * The gateway as a Fastify plugin: register it on any Fastify instance (main.ts does; tests use inject()).
 * First the platform (error mapping, docs, metrics, the shared services, auth, idempotency, digests,
 * multipart, health), then the features, each a plugin that owns its routes and state.
 */
async function app(fastify: FastifyInstance, options: AppOptions): Promise<void> {
    await fastify.register(errorsPlugin);
    await fastify.register(docsPlugin);
    await fastify.register(metricsPlugin);
    await fastify.register(platformPlugin, options);
    await fastify.register(authPlugin);
    await fastify.register(idempotencyPlugin);
    await fastify.register(digestsPlugin);
    await fastify.register(multipart, {
        limits: { fileSize: options.services.config.uploadLimit, files: 1, fields: 16, fieldSize: 64 * 1024 },
    });
    const typed = fastify.withTypeProvider<TypeBoxTypeProvider>();
    await typed.register(healthRoutes);
    await typed.register(evidencePlugin);
    await typed.register(verifyPlugin);
    await typed.register(anchoringPlugin);
    await typed.register(serviceOfProcessPlugin);
    await typed.register(guaranteesPlugin);
    await typed.register(enforcementPlugin);
    await typed.register(notificationsPlugin);
    await typed.register(webPlugin);
    await typed.register(recordingsPlugin);
    await typed.register(casesPlugin);
}

export default fp(app, { name: 'court-ledger' });
