import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EvidenceClient } from './client';
import evidenceRoutes from './routes';

/** Evidence: anchors a file's digests as an evidence record and keeps its custody trail. Decorates nothing. */
async function evidencePlugin(fastify: FastifyInstance): Promise<void> {
    await fastify.register(evidenceRoutes, { client: new EvidenceClient(fastify.ledger, fastify.pepper) });
}

export default fp(evidencePlugin, {
    name: 'evidence',
    dependencies: ['config', 'ledger', 'index', 'projector', 'auth'],
});
