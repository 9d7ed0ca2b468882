import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CaseClient } from './client';
import caseRoutes from './routes';

/** Cases and their participants: who may read a case's evidence and act in it. Decorates nothing. */
async function casesPlugin(fastify: FastifyInstance): Promise<void> {
    await fastify.register(caseRoutes, { client: new CaseClient(fastify.ledger, fastify.pepper) });
}

export default fp(casesPlugin, {
    name: 'cases',
    dependencies: ['config', 'ledger', 'index', 'projector', 'pepper', 'auth'],
});
