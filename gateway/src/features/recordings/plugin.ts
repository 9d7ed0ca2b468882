import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import recordingRoutes from './routes';

/**
 * Recordings anchored as they are made (Art. 16): a recorder posts each closed segment, the gateway chains it
 * into the session's hash chain and queues the chain value for anchoring through the shared anchoring queue;
 * closing anchors the closing value. Every `/v1/recordings…` route. Decorates nothing.
 */
async function recordingsPlugin(fastify: FastifyInstance): Promise<void> {
    const { anchorQueue, index } = fastify;
    await fastify.register(recordingRoutes, { db: index.db, queue: anchorQueue });
}

export default fp(recordingsPlugin, {
    name: 'recordings',
    dependencies: ['index', 'anchorQueue', 'auth'],
});
