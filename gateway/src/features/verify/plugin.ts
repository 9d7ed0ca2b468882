import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import verifyRoutes from './routes';
import trustRoutes from './trust';
import { VerifyCache, verifyChanges } from './verify-cache';

/**
 * Public verification: is a digest (or an uploaded file) anchored? Answers are cached and dropped whenever
 * the index applies a change to their digest; `GET /v1/trust` publishes what receipts are checked against.
 * Decorates nothing.
 */
async function verifyPlugin(fastify: FastifyInstance): Promise<void> {
    const cache = new VerifyCache();
    fastify.index.onApplied((changes) => {
        cache.invalidate(verifyChanges(changes));
    });
    await fastify.register(verifyRoutes, { cache });
    await fastify.register(trustRoutes);
}

export default fp(verifyPlugin, { name: 'verify', dependencies: ['config', 'index', 'ledger', 'anchorQueue'] });
